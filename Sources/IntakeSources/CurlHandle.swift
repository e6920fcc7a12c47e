import CCurl
import Foundation

/// One libcurl easy handle, reused for every request of a fetch so SSH and TLS connections are
/// kept open between a listing and its downloads.
final class CurlHandle {
    private let curl: UnsafeMutableRawPointer
    /// Header lists must outlive the request that uses them (libcurl copies strings, not lists).
    private var lists: [UnsafeMutablePointer<curl_slist>] = []
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)

    /// Which protocols this libcurl was built with, in lower case (`http`, `https`, `sftp`…).
    static let protocols: Set<String> = {
        Global.initialise
        guard let info = curl_version_info(CURLVERSION_TENTH), let list = info.pointee.protocols else { return [] }
        var names = Set<String>()
        var index = 0
        while let name = list[index] {
            names.insert(String(cString: name).lowercased())
            index += 1
        }
        return names
    }()

    /// The libcurl version, for messages.
    static var version: String { String(cString: curl_version()) }

    init() {
        Global.initialise
        curl = curl_easy_init()
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        curl_easy_cleanup(curl)
        freeRequestState()
        errorBuffer.deallocate()
    }

    /// Clears every option (the connection cache stays) before the next request.
    func reset() {
        curl_easy_reset(curl)
        freeRequestState()
        errorBuffer[0] = 0
        set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        set(CURLOPT_NOSIGNAL, 1)
    }

    func set(_ option: CURLoption, _ value: Int) { _ = intake_curl_set_long(curl, option, value) }

    func set(_ option: CURLoption, offset value: Int64) { _ = intake_curl_set_offset(curl, option, curl_off_t(value)) }

    func set(_ option: CURLoption, _ value: String) {
        _ = value.withCString { intake_curl_set_string(curl, option, $0) }
    }

    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) { _ = intake_curl_set_pointer(curl, option, pointer) }

    /// Sets a list option such as `CURLOPT_HTTPHEADER`.
    func set(_ option: CURLoption, list: [String]) {
        var head: UnsafeMutablePointer<curl_slist>?
        for item in list { head = curl_slist_append(head, item) }
        guard let head else { return }
        lists.append(head)
        _ = intake_curl_set_pointer(curl, option, UnsafeMutableRawPointer(head))
    }

    func onWrite(_ callback: intake_curl_data_cb, context: UnsafeMutableRawPointer) { _ = intake_curl_set_write(curl, callback, context) }

    func onHeader(_ callback: intake_curl_data_cb, context: UnsafeMutableRawPointer) { _ = intake_curl_set_header(curl, callback, context) }

    func onHostKey(_ callback: intake_curl_key_cb, context: UnsafeMutableRawPointer) { _ = intake_curl_set_host_key(curl, callback, context) }

    /// Runs the request; returns libcurl's result code and its error text.
    func perform() -> (code: CURLcode, message: String) {
        let code = curl_easy_perform(curl)
        let detail = String(cString: errorBuffer)
        return (code, detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail)
    }

    func info(_ info: CURLINFO) -> Int {
        var value = 0
        _ = intake_curl_get_long(curl, info, &value)
        return value
    }

    func info(string info: CURLINFO) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard intake_curl_get_string(curl, info, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }

    func info(offset info: CURLINFO) -> Int64 {
        var value: curl_off_t = 0
        _ = intake_curl_get_offset(curl, info, &value)
        return Int64(value)
    }

    private func freeRequestState() {
        lists.forEach { curl_slist_free_all($0) }
        lists = []
    }

    /// `curl_global_init` once per process, before any handle (it is not thread-safe itself).
    private enum Global {
        static let initialise: Void = { _ = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()
    }
}
