import Foundation

/// Limits, timeouts and retries of every download.
public struct FetchSettings: Sendable {
    /// Give up connecting (TCP, TLS or SSH handshake) after this long.
    public var connectTimeout: TimeInterval = 30
    /// Abort a transfer when no byte has arrived for this long; a slow but moving transfer is kept.
    public var stallTimeout: TimeInterval = 60
    /// Tries per request, the first included; only transient failures are tried again.
    public var attempts = 3
    /// The pause before the first retry, doubled before each next one.
    public var backoff: TimeInterval = 1
    /// Redirects an HTTP request may follow.
    public var maxRedirects = 5
    /// The largest file a source may deliver unless its spec sets `max_bytes`: 2 GiB.
    public var maxBytes: Int64 = 2 << 30

    /// The defaults.
    public init() {}
}
