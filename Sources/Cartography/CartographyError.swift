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
            "la largeur \(width) px est hors limites : de \(ReportMapLayout.widths.lowerBound) à \(ReportMapLayout.widths.upperBound) pixels"
        case .unknownRegion(let code): "aucune commune de la base n'est dans la région \(code)"
        case .nothingToDraw: "aucun polygone de commune à dessiner"
        case .polygonsNeeded: "la carte est dessinée en pleine résolution : il lui faut les polygones des communes"
        case .unknownFormat(let name): "\(name) : la carte s'écrit en .svg ou .png"
        case .cairo(let message): "cairo: \(message)"
        }
    }
}
