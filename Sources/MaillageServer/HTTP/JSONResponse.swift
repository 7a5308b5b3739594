import GeometryKit
import Hummingbird
import Territory

/// Responses: the use cases' `Encodable` answers (member order kept, numbers as the CLI prints them), and bodies the
/// GeoJSON writers or the caches already hold.
enum JSONResponse {
    static let json = "application/json"
    static let geoJSON = "application/geo+json"

    /// An answer of the use cases, written as the CLI prints it.
    static func answer<Answer: Encodable>(_ answer: Answer, status: HTTPResponse.Status = .ok) throws -> Response {
        text(try JSONValueEncoder.string(answer), status: status)
    }

    /// Rows as JSON, or as a CSV download named `name.csv` (`csv-excel`: for a French Excel).
    static func table<Row: Encodable>(_ rows: [Row], format: TableFormat, name: String) throws -> Response {
        guard let dialect = format.dialect else { return try answer(rows) }
        return kept(ByteBuffer(string: try CSVTable.text(rows: rows, dialect: dialect)), format: format, name: name)
    }

    /// A kept answer in `format`: JSON, or a CSV download named `name.csv`.
    static func kept(_ body: ByteBuffer, format: TableFormat, name: String) -> Response {
        var response = bytes(body, contentType: format.mediaType)
        if format != .json { response.headers[.contentDisposition] = "attachment; filename=\"\(name).csv\"" }
        return response
    }

    static func text(_ body: String, status: HTTPResponse.Status = .ok, contentType: String = json) -> Response {
        bytes(ByteBuffer(string: body), status: status, contentType: contentType)
    }

    /// A body already encoded (a kept answer): the buffer is shared, not copied, so that serving it costs the event
    /// loop nothing but the write.
    static func bytes(_ body: ByteBuffer, status: HTTPResponse.Status = .ok, contentType: String = json) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: body))
    }
}
