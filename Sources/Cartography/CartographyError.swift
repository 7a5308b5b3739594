/// Why a report map could not be drawn: one case per cause, each saying what to change.
public enum CartographyError: Error, CustomStringConvertible, Equatable {
    /// The requested width is outside `ReportMapLayout.widths`.
    case widthOutOfRange(Int)
    /// No commune of the store has this région code.
    case unknownRegion(String)
    /// The store has no commune polygon to draw (in the région asked for, if any).
    case nothingToDraw
    /// The map is fine enough to need the communes' own polygons, and the layer was read without them.
    case polygonsNeeded
    /// The file name ends in neither `.svg` nor `.png`.
    case unknownFormat(String)
    /// cairo refused a surface, a context or the PNG encoding (its status message).
    case cairo(String)

    public var description: String {
        switch self {
        case .widthOutOfRange(let width):
            "width \(width) px is out of range: \(ReportMapLayout.widths.lowerBound) to \(ReportMapLayout.widths.upperBound) pixels"
        case .unknownRegion(let code): "no commune of the store is in région \(code)"
        case .nothingToDraw: "no commune polygon to draw"
        case .polygonsNeeded: "the map is drawn at full resolution: it needs the communes' polygons"
        case .unknownFormat(let name): "\(name): the map is written as .svg or .png"
        case .cairo(let message): "cairo: \(message)"
        }
    }
}
