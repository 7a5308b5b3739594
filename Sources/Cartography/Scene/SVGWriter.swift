/// SVG 1.1 text of a scene: one `<path>` per map shape (`fill-rule="evenodd"`, its name as `class`), `<rect>`,
/// `<text>`, and a `<clipPath>` per clipped group. Coordinates are rounded to 0.01 px: finer than any screen,
/// and a national map stays a few megabytes.
///
/// ```swift
/// let svg = SVGWriter.svg(scene)    // "<?xml version=\"1.0\" …<svg xmlns=…"
/// ```
public enum SVGWriter {
    public static func svg(_ scene: Scene) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(scene.width)\" height=\"\(scene.height)\" "
        out += "viewBox=\"0 0 \(scene.width) \(scene.height)\" font-family=\"sans-serif\">\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(scene.width)\" height=\"\(scene.height)\" fill=\"\(scene.background.hexString)\"/>\n"
        var clips = 0
        write(scene.items, into: &out, clips: &clips)
        out += "</svg>\n"
        return out
    }

    private static func write(_ items: [SceneItem], into out: inout String, clips: inout Int) {
        for item in items {
            switch item {
            case .path(let path):
                guard !path.rings.isEmpty else { continue }
                out += "<path\(classAttribute(path.name)) d=\""
                for ring in path.rings where ring.count > 2 {
                    out += "M" + ring.map { "\(number($0.x)) \(number($0.y))" }.joined(separator: "L") + "Z"
                }
                out += "\" fill-rule=\"evenodd\"\(styleAttributes(path.style))/>\n"
            case .rectangle(let r):
                out += "<rect\(classAttribute(r.name)) x=\"\(number(r.x))\" y=\"\(number(r.y))\" width=\"\(number(r.width))\" height=\"\(number(r.height))\"\(styleAttributes(r.style))/>\n"
            case .text(let t):
                out += "<text x=\"\(number(t.origin.x))\" y=\"\(number(t.origin.y))\" font-size=\"\(number(t.size))\" fill=\"\(t.colour.hexString)\""
                out += (t.bold ? " font-weight=\"bold\"" : "") + (t.anchor == .start ? "" : " text-anchor=\"\(t.anchor.rawValue)\"")
                out += ">\(escaped(t.text))</text>\n"
            case .clipped(let frame, let inner):
                clips += 1
                let id = "clip\(clips)"
                out += "<clipPath id=\"\(id)\"><rect x=\"\(number(frame.x))\" y=\"\(number(frame.y))\" width=\"\(number(frame.width))\" height=\"\(number(frame.height))\"/></clipPath>\n"
                out += "<g clip-path=\"url(#\(id))\">\n"
                write(inner, into: &out, clips: &clips)
                out += "</g>\n"
            }
        }
    }

    private static func styleAttributes(_ style: Style) -> String {
        var text = " fill=\"\(style.fill?.hexString ?? "none")\""
        if let stroke = style.stroke {
            text += " stroke=\"\(stroke.hexString)\" stroke-width=\"\(number(style.strokeWidth))\" stroke-linejoin=\"round\""
        }
        return text
    }

    private static func classAttribute(_ name: String?) -> String {
        name.map { " class=\"\(escaped($0))\"" } ?? ""
    }

    /// At most two decimals, no trailing zeros, no "-0".
    static func number(_ value: Double) -> String {
        let hundredths = (value * 100).rounded()
        if hundredths == 0 { return "0" }
        let whole = Int(hundredths)
        let sign = whole < 0 ? "-" : "", magnitude = abs(whole)
        let fraction = magnitude % 100
        if fraction == 0 { return sign + String(magnitude / 100) }
        let digits = fraction % 10 == 0 ? String(fraction / 10) : (fraction < 10 ? "0" : "") + String(fraction)
        return sign + String(magnitude / 100) + "." + digits
    }

    static func escaped(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}
