import Foundation
import GeometryKit
import Logging

/// Structured logs: one JSON object per line on stderr (`ts`, `level`, `logger`, `message`, then the
/// metadata), what log collectors ingest without parsing rules.
///
/// ```swift
/// LoggingSystem.bootstrap { JSONLogHandler(label: $0) }
/// ```
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String

    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var members: [(String, JSONValue)] = [("ts", .string(ISO8601DateFormatter().string(from: Date()))), ("level", .string(event.level.rawValue)),
                                              ("logger", .string(label)), ("message", .string(event.message.description))]
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        for key in merged.keys.sorted() { members.append((key, .string(merged[key]!.description))) }
        FileHandle.standardError.write(Data((JSONWriter.string(object: members) + "\n").utf8))
    }
}
