import Foundation
import IntakeSpec
import IntakeTestSupport
import Testing

@testable import IntakeRunner

/// RFC 4180 parsing, physical line numbers and the header rules, each at every chunk size.
@Suite struct CSVReaderTests {
    /// One input and the rows (fields and start lines) it must give.
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let input: String
        var delimiter: Character = ","
        let rows: [[String]]
        let lines: [Int]
        var header = ["a", "b"]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "LF", input: "a,b\n1,2\n3,4\n", rows: [["1", "2"], ["3", "4"]], lines: [2, 3]),
        Case(name: "CRLF", input: "a,b\r\n1,2\r\n3,4\r\n", rows: [["1", "2"], ["3", "4"]], lines: [2, 3]),
        Case(name: "lone CR line ends", input: "a,b\r1,2\r3,4", rows: [["1", "2"], ["3", "4"]], lines: [2, 3]),
        Case(name: "no final line break", input: "a,b\n1,2", rows: [["1", "2"]], lines: [2]),
        Case(name: "quoted LF shifts lines", input: "a,b\n1,\"x\ny\"\n2,z\n", rows: [["1", "x\ny"], ["2", "z"]], lines: [2, 4]),
        Case(
            name: "quoted CRLFs shift lines", input: "a,b\r\n\"p\r\nq\r\nr\",1\r\n2,3\r\n",
            rows: [["p\r\nq\r\nr", "1"], ["2", "3"]], lines: [2, 5]),
        Case(name: "lone CR in quotes kept", input: "a,b\n1,\"x\ry\"\n2,z\n", rows: [["1", "x\ry"], ["2", "z"]], lines: [2, 4]),
        Case(name: "blank lines skipped", input: "a,b\n\n1,2\n\r\n\n3,4\n\n", rows: [["1", "2"], ["3", "4"]], lines: [3, 6]),
        Case(name: "BOM stripped", input: "\u{FEFF}a,b\n1,2\n", rows: [["1", "2"]], lines: [2]),
        Case(name: "semicolon", input: "a;b\n1,5;\"x;y\"\n", delimiter: ";", rows: [["1,5", "x;y"]], lines: [2]),
        Case(name: "tab", input: "a\tb\n1 2\t\"x\ty\"\n", delimiter: "\t", rows: [["1 2", "x\ty"]], lines: [2]),
        Case(name: "pipe", input: "a|b\n1|2\n", delimiter: "|", rows: [["1", "2"]], lines: [2]),
        Case(
            name: "doubled quotes", input: "a,b\n\"say \"\"hi\"\"\",\"\"\"\"\n", rows: [["say \"hi\"", "\""]], lines: [2]),
        Case(
            name: "quoted delimiter and empty quoted", input: "a,b,c\n\"x,y\",\"\",z\n",
            rows: [["x,y", "", "z"]], lines: [2], header: ["a", "b", "c"]),
        Case(
            name: "quote inside unquoted field is literal", input: "a,b\nab\"c,5 \"in\" x\n",
            rows: [["ab\"c", "5 \"in\" x"]], lines: [2]),
        Case(name: "text after closing quote joins", input: "a,b\n\"ab\"c,\"x\" y\n", rows: [["abc", "x y"]], lines: [2]),
        Case(name: "trailing delimiters", input: "a,b\n1,\n,\n", rows: [["1", ""], ["", ""]], lines: [2, 3]),
        Case(name: "spaces in data kept", input: "a,b\n  x , y \n", rows: [["  x ", " y "]], lines: [2]),
        Case(name: "quoted empty line is a row", input: "a\n\"\"\n", rows: [[""]], lines: [2], header: ["a"]),
        Case(
            name: "wrong field counts returned as-is", input: "a,b,c\n1,2,3,4\n1\n5,6,7\n",
            rows: [["1", "2", "3", "4"], ["1"], ["5", "6", "7"]], lines: [2, 3, 4], header: ["a", "b", "c"]),
        Case(
            name: "short last row without footer signs", input: "a,b,c\n1,2,3\n4,5\n",
            rows: [["1", "2", "3"], ["4", "5"]], lines: [2, 3], header: ["a", "b", "c"]),
        Case(name: "header only", input: "a,b\n", rows: [], lines: []),
    ]

    @Test(arguments: cases) func parses(_ c: Case) {
        let outcome = CSVRead.all(c.input, delimiter: c.delimiter)
        #expect(outcome.error == nil)
        #expect(outcome.header == c.header)
        #expect(outcome.fields == c.rows)
        #expect(outcome.lines == c.lines)
        #expect(outcome.dataRows == c.rows.count)
    }

    @Test func headerIsTrimmedAndIndexed() {
        let outcome = CSVRead.all("\n\r\n Id ;\tName\t; E-mail \n1;2;3\n", delimiter: ";")
        #expect(outcome.header == ["Id", "Name", "E-mail"])
        #expect(outcome.headerLine == 3)
        #expect(outcome.lines == [4])
        let header = try? CSVReader(data: Data("a,b\n".utf8)).readHeader()
        #expect(header?.index(of: "b") == 1)
        #expect(header?.index(of: "B") == nil)
    }

    /// One input that must fail, and how.
    struct Failure: Sendable, CustomTestStringConvertible {
        let name: String
        let input: String
        let kind: CSVError.Kind
        let line: Int
        let column: Int?
        var message: String?
        var testDescription: String { name }
    }

    static let failures: [Failure] = [
        Failure(name: "unterminated quote", input: "a,b\n1,2\n3,\"oops\n4,5\n", kind: .unterminatedQuote, line: 3, column: 2),
        Failure(name: "unterminated quote in header", input: "\"a,b\n", kind: .unterminatedQuote, line: 1, column: 1),
        Failure(
            name: "unterminated quote after a quoted newline", input: "a,b\n\"x\ny\",1\n2,\"z\n", kind: .unterminatedQuote,
            line: 4, column: 2),
        Failure(
            name: "duplicate header", input: "Id,Email,Name,Phone,Email\n1,2,3,4,5\n", kind: .duplicateHeader, line: 1,
            column: 5, message: "header names 'Email' twice: columns 2 and 5"),
        Failure(
            name: "duplicate header after trimming", input: "\n\nId, Email ,Email\n", kind: .duplicateHeader, line: 3,
            column: 3, message: "header names 'Email' twice: columns 2 and 3"),
        Failure(name: "empty header name", input: "a,,c\n", kind: .emptyHeaderName, line: 1, column: 2),
        Failure(name: "blank header name", input: "a, ,c\n", kind: .emptyHeaderName, line: 1, column: 2),
        Failure(name: "trailing empty header name", input: "a,b,\n", kind: .emptyHeaderName, line: 1, column: 3),
        Failure(name: "empty input", input: "", kind: .empty, line: 1, column: nil),
        Failure(name: "only a BOM", input: "\u{FEFF}", kind: .empty, line: 1, column: nil),
        Failure(name: "only blank lines", input: "\u{FEFF}\n\r\n\r\n", kind: .empty, line: 1, column: nil),
    ]

    @Test(arguments: failures) func fails(_ f: Failure) {
        let error = CSVRead.all(f.input).error
        #expect(error?.kind == f.kind)
        #expect(error?.line == f.line)
        #expect(error?.column == f.column)
        if let message = f.message { #expect(error?.message == message && error?.description == message) }
    }

    @Test func columnLimit() {
        let names = (1...1001).map { "c\($0)" }
        let over = CSVRead.all(names.joined(separator: ",") + "\n").error
        #expect(over?.kind == .tooManyColumns)
        #expect(over?.line == 1)
        #expect(over?.column == 1001)
        let atLimit = CSVRead.all(names.dropLast().joined(separator: ",") + "\n" + names.dropLast().joined(separator: ","))
        #expect(atLimit.error == nil)
        #expect(atLimit.header.count == 1000)
        #expect(atLimit.rows.first?.fields.count == 1000)
        let longRow = CSVRead.all("a,b,c\n1,2,3\n\n1,2,3,4\n", maxColumns: 3).error
        #expect(longRow?.kind == .tooManyColumns)
        #expect(longRow?.line == 4)
    }

    @Test func invalidUTF8NamesTheFirstBadColumn() {
        var bytes = Array("a,b,c\n1,".utf8) + [0xFF] + Array(",".utf8) + [0xFE] + Array("\n2,é,\u{FFFD}\n3,ok,".utf8)
        bytes += [0xF0, 0x9F, 0x98] + Array("\n\"x".utf8) + [0xC3] + Array("\",b,c\n".utf8)
        let outcome = CSVRead.all(bytes)
        #expect(outcome.rows.map(\.invalidUTF8Column) == [2, nil, 3, 1])
        #expect(outcome.fields[0] == ["1", "\u{FFFD}", "\u{FFFD}"])
        #expect(outcome.fields[1] == ["2", "é", "\u{FFFD}"])
        #expect(outcome.lines == [2, 3, 4, 5])
    }

    @Test func partialBOMIsData() {
        let outcome = CSVRead.all([0xEF, 0xBB] + Array("A,b\n1,2\n".utf8))
        #expect(outcome.header == [String(decoding: [0xEF, 0xBB, 0x41], as: UTF8.self), "b"])
        #expect(outcome.lines == [2])
    }

    @Test func recordSizeIsCapped() {
        let quoted = CSVRead.all(Array(("a,b\n1,\"" + String(repeating: "x", count: 100)).utf8), maxRecordBytes: 32).error
        #expect(quoted?.kind == .unterminatedQuote)
        #expect(quoted?.line == 2 && quoted?.column == 2)
        let closed = CSVRead.all(Array(("a,b\n1,\"" + String(repeating: "x", count: 100) + "\"\n").utf8), maxRecordBytes: 32)
        #expect(closed.error == quoted)
        let unquoted = CSVRead.all(Array(("a\n" + String(repeating: "x", count: 100) + "\n").utf8), maxRecordBytes: 32).error
        #expect(unquoted?.kind == .io)
        #expect(unquoted?.line == 2)
    }

    @Test func errorsAreSticky() {
        let reader = CSVReader(data: Data("a,a\n1,2\n".utf8))
        for _ in 0..<2 {
            #expect(throws: CSVError.self) { _ = try reader.next() }
            #expect(throws: CSVError.self) { _ = try reader.readHeader() }
        }
    }

    @Test func readsFilesAndHashesThem() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = Data("\u{FEFF}Id,Name\r\n1,\"A\r\nB\"\r\n2,C\r\n".utf8)
        let url = folder.appendingPathComponent("in.csv")
        try data.write(to: url)
        for chunkSize in CSVRead.chunkSizes {
            let reader = try CSVReader(url: url, chunkSize: chunkSize)
            #expect(try reader.readHeader().names == ["Id", "Name"])
            var rows: [CSVRow] = []
            while let row = try reader.next() { rows.append(row) }
            #expect(rows == [CSVRow(line: 2, fields: ["1", "A\r\nB"]), CSVRow(line: 4, fields: ["2", "C"])])
            #expect(reader.sha256 == Digest.sha256(data))
        }
        #expect(Digest.sha256(Data("abc".utf8)) == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let missing = #expect(throws: CSVError.self) { try CSVReader(url: folder.appendingPathComponent("nope.csv")) }
        #expect(missing?.kind == .io)
        #expect(missing?.message.contains("nope.csv") == true)
    }

    @Test func hashCoversBytesAfterAnError() {
        let data = Data(("a,a\n" + String(repeating: "1,2\n", count: 1000)).utf8)
        let reader = CSVReader(data: data, chunkSize: 64)
        #expect(throws: CSVError.self) { _ = try reader.next() }
        #expect(reader.sha256 == Digest.sha256(data))
    }
}
