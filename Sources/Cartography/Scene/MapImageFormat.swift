/// The two files a report map is written as: SVG (text, written by `SVGWriter`) and PNG (cairo, `CairoRenderer`).
///
/// ```swift
/// let format = try MapImageFormat(fileName: "carte.png")
/// let bytes = try format.encode(scene)
/// ```
public enum MapImageFormat: String, Sendable, CaseIterable {
    case svg, png

    /// From a file name's extension (case-insensitive).
    public init(fileName: String) throws {
        let lower = fileName.lowercased()
        guard let format = Self.allCases.first(where: { lower.hasSuffix(".\($0.rawValue)") }) else {
            throw CartographyError.unknownFormat(fileName)
        }
        self = format
    }

    public var contentType: String {
        switch self {
        case .svg: "image/svg+xml"
        case .png: "image/png"
        }
    }

    public func encode(_ scene: Scene) throws -> [UInt8] {
        switch self {
        case .svg: Array(SVGWriter.svg(scene).utf8)
        case .png: try CairoRenderer.png(scene)
        }
    }
}
