/// What a report map draws, in pixels (origin top left, y down), independent of the output format: the SVG writer
/// and the cairo renderer draw the same scene, so that the two files show the same map.
///
/// ```swift
/// var scene = Scene(width: 400, height: 300, background: .white)
/// scene.items.append(.rectangle(SceneRectangle(x: 10, y: 10, width: 50, height: 20, style: .filled(Colour(hex: 0x08519c)))))
/// try CairoRenderer.png(scene)   // or SVGWriter.svg(scene)
/// ```
public struct Scene: Sendable {
    public var width: Int
    public var height: Int
    public var background: Colour
    public var items: [SceneItem] = []

    public init(width: Int, height: Int, background: Colour) {
        self.width = width; self.height = height; self.background = background
    }
}

/// One thing drawn; later items are drawn over earlier ones.
public enum SceneItem: Sendable {
    case path(ScenePath)
    case rectangle(SceneRectangle)
    case text(SceneText)
    /// Items drawn only inside a rectangle: a map panel clips its territory to its frame.
    case clipped(to: SceneRectangle, [SceneItem])
}

/// An sRGB colour, 8 bits a channel.
public struct Colour: Hashable, Sendable {
    public var red, green, blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) { self.red = red; self.green = green; self.blue = blue }

    /// `Colour(hex: 0x08519c)`.
    public init(hex: UInt32) {
        self.init(red: UInt8((hex >> 16) & 0xff), green: UInt8((hex >> 8) & 0xff), blue: UInt8(hex & 0xff))
    }

    public static let white = Colour(hex: 0xffffff)
    public static let black = Colour(hex: 0x000000)

    /// `#08519c`, as SVG and CSS write it.
    public var hexString: String {
        "#" + [red, green, blue].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}

/// Fill and/or stroke; a nil member is not drawn.
public struct Style: Hashable, Sendable {
    public var fill: Colour?
    public var stroke: Colour?
    public var strokeWidth: Double

    public init(fill: Colour?, stroke: Colour? = nil, strokeWidth: Double = 1) {
        self.fill = fill; self.stroke = stroke; self.strokeWidth = strokeWidth
    }

    public static func filled(_ colour: Colour) -> Style { Style(fill: colour) }
    public static func outlined(_ colour: Colour, width: Double = 1) -> Style { Style(fill: nil, stroke: colour, strokeWidth: width) }
}

/// Closed rings in pixels, filled with the even-odd rule (a polygon's holes are rings inside it).
public struct ScenePath: Sendable {
    public var rings: [[Point]]
    public var style: Style
    /// Written as the SVG element's class (`departement d-80`): what the map's parts are, for tests and stylesheets.
    public var name: String?

    public init(rings: [[Point]], style: Style, name: String? = nil) { self.rings = rings; self.style = style; self.name = name }
}

public struct SceneRectangle: Hashable, Sendable {
    public var x, y, width, height: Double
    public var style: Style
    public var name: String?

    public init(x: Double, y: Double, width: Double, height: Double, style: Style, name: String? = nil) {
        self.x = x; self.y = y; self.width = width; self.height = height; self.style = style; self.name = name
    }

    public func contains(_ p: Point) -> Bool { p.x >= x && p.x <= x + width && p.y >= y && p.y <= y + height }
}

/// A line of text, its baseline starting at `origin` (or centred on it, or ending at it).
public struct SceneText: Sendable {
    public enum Anchor: String, Sendable { case start, middle, end }

    public var text: String
    public var origin: Point
    public var size: Double
    public var colour: Colour
    public var bold: Bool
    public var anchor: Anchor

    public init(_ text: String, at origin: Point, size: Double, colour: Colour = .black, bold: Bool = false, anchor: Anchor = .start) {
        self.text = text; self.origin = origin; self.size = size; self.colour = colour; self.bold = bold; self.anchor = anchor
    }
}

/// A position in pixels.
public struct Point: Hashable, Sendable {
    public var x, y: Double
    public init(x: Double, y: Double) { self.x = x; self.y = y }
}
