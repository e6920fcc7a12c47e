import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The two S3 XML documents intake reads: a ListObjectsV2 page and an error body.
struct S3XML {
    /// One object of a listing.
    struct Object: Equatable {
        var key: String
        var lastModified: String
        var etag: String
    }

    /// The listing's objects, in the order given.
    var objects: [Object] = []
    /// The token for the next page, when the listing is truncated.
    var continuationToken: String?
    /// An error body's `Code`, such as `AccessDenied`.
    var errorCode: String?
    /// An error body's `Message`.
    var errorMessage: String?

    /// Parses `data`; unreadable XML gives an empty result (the status code still tells the story).
    init(_ data: Data) {
        let delegate = Collector()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        parser.shouldResolveExternalEntities = false
        _ = parser.parse()
        objects = delegate.objects
        if delegate.values["IsTruncated"] == "true" { continuationToken = delegate.values["NextContinuationToken"] }
        errorCode = delegate.values["Code"]
        errorMessage = delegate.values["Message"]
    }

    /// Collects each `Contents` element and the last text of every other element by name.
    private final class Collector: NSObject, XMLParserDelegate {
        var objects: [Object] = []
        var values: [String: String] = [:]
        private var current: [String: String]?
        private var text = ""

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            if name == "Contents" { current = [:] }
            text = ""
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "Contents", let c = current {
                objects.append(Object(key: c["Key"] ?? "", lastModified: c["LastModified"] ?? "", etag: c["ETag"] ?? ""))
                current = nil
            } else if current != nil {
                current?[name] = text
            } else {
                values[name] = text
            }
            text = ""
        }
    }
}
