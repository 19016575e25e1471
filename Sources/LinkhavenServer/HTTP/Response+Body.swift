import Foundation
import Vapor

extension Response {
    /// A response carrying `data` as `type`; with `download`, the file name a browser saves it as.
    static func body(_ data: Data, type: HTTPMediaType, status: HTTPResponseStatus = .ok, download: String? = nil) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = type
        if let download { headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(download)\"") }
        return Response(status: status, headers: headers, body: .init(data: data))
    }

    /// A response carrying text as `type`.
    static func body(_ text: String, type: HTTPMediaType, status: HTTPResponseStatus = .ok) -> Response {
        body(Data(text.utf8), type: type, status: status)
    }
}
