/// "Did you mean" suggestions by edit distance, shared by every check that names a choice.
public enum Suggestions {
    /// The closest candidate to `word`, if one is close enough to be a likely typo.
    ///
    /// Case differences count as small edits, so `account id` suggests `account_id`.
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        let target = normalized(word)
        // Typos are short; a long word would make every comparison quadratic (a hostile spec's DoS).
        guard target.count <= 64 else { return nil }
        let limit = max(2, target.count / 3)
        var best: (String, Int)?
        for candidate in candidates {
            let other = normalized(candidate)
            guard abs(other.count - target.count) <= limit else { continue }
            let distance = editDistance(target, other)
            if best == nil || distance < best!.1 { best = (candidate, distance) }
        }
        guard let (candidate, distance) = best else { return nil }
        // A third of the length, at least 2: catches transpositions and missing letters, not unrelated words.
        return distance <= limit ? candidate : nil
    }

    /// A ready-made hint `did you mean 'x'?`, or nil.
    public static func hint(for word: String, in candidates: some Sequence<String>) -> String? {
        closest(to: word, in: candidates).map { "did you mean '\($0)'?" }
    }

    private static func normalized(_ s: String) -> [Character] {
        Array(s.lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
    }

    /// Damerau–Levenshtein (optimal string alignment) distance.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
