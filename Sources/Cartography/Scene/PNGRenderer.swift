import CCairo

/// A scene rasterised by cairo (an RGB24 image surface, its paths filled with the even-odd rule and antialiased,
/// the toy text API in the system's sans-serif) and encoded by `cairo_surface_write_to_png_stream`.
///
/// ```swift
/// let bytes = try PNGRenderer.png(scene)    // 8-bit RGB PNG of scene.width × scene.height
/// ```
///
/// The surface and the context are C handles owned here: every call that uses them runs inside
/// `withExtendedLifetime` of their Swift owner, and they are destroyed once, after the PNG is written.
public enum PNGRenderer {
    public static func png(_ scene: Scene) throws -> [UInt8] {
        let canvas = try Canvas(width: scene.width, height: scene.height)
        return try withExtendedLifetime(canvas) {
            let cr = canvas.context
            cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
            setSource(cr, scene.background)
            cairo_paint(cr)
            draw(scene.items, on: cr)
            cairo_surface_flush(canvas.surface)
            let status = cairo_status(cr)
            guard status == CAIRO_STATUS_SUCCESS else { throw CartographyError.cairo(message(status)) }
            return try canvas.encodePNG()
        }
    }

    private static func draw(_ items: [SceneItem], on cr: OpaquePointer) {
        for item in items {
            switch item {
            case .path(let path):
                cairo_new_path(cr)
                for ring in path.rings where ring.count > 2 {
                    cairo_move_to(cr, ring[0].x, ring[0].y)
                    for p in ring.dropFirst() { cairo_line_to(cr, p.x, p.y) }
                    cairo_close_path(cr)
                }
                paint(path.style, on: cr)
            case .rectangle(let r):
                cairo_new_path(cr)
                cairo_rectangle(cr, r.x, r.y, r.width, r.height)
                paint(r.style, on: cr)
            case .text(let t):
                cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, t.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
                cairo_set_font_size(cr, t.size)
                var extents = cairo_text_extents_t()
                cairo_text_extents(cr, t.text, &extents)
                let shift = t.anchor == .start ? 0 : t.anchor == .middle ? extents.x_advance / 2 : extents.x_advance
                setSource(cr, t.colour)
                cairo_move_to(cr, t.origin.x - shift, t.origin.y)
                cairo_show_text(cr, t.text)
                cairo_new_path(cr)
            case .clipped(let frame, let inner):
                cairo_save(cr)
                cairo_new_path(cr)
                cairo_rectangle(cr, frame.x, frame.y, frame.width, frame.height)
                cairo_clip(cr)
                draw(inner, on: cr)
                cairo_restore(cr)
            }
        }
    }

    /// Fills then strokes the current path, as SVG paints a shape.
    private static func paint(_ style: Style, on cr: OpaquePointer) {
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD)
        if let fill = style.fill {
            setSource(cr, fill)
            if style.stroke != nil { cairo_fill_preserve(cr) } else { cairo_fill(cr) }
        }
        if let stroke = style.stroke {
            setSource(cr, stroke)
            cairo_set_line_width(cr, style.strokeWidth)
            cairo_stroke(cr)
        }
        cairo_new_path(cr)
    }

    private static func setSource(_ cr: OpaquePointer, _ c: Colour) {
        cairo_set_source_rgb(cr, Double(c.red) / 255, Double(c.green) / 255, Double(c.blue) / 255)
    }

    static func message(_ status: cairo_status_t) -> String {
        cairo_status_to_string(status).map { String(cString: $0) } ?? "cairo status \(status.rawValue)"
    }
}

/// The cairo image surface and its drawing context, destroyed together when the owner goes.
private final class Canvas {
    let surface: OpaquePointer
    let context: OpaquePointer

    init(width: Int, height: Int) throws {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)) else {
            throw CartographyError.cairo("no image surface of \(width) × \(height)")
        }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw CartographyError.cairo("image surface of \(width) × \(height): \(PNGRenderer.message(status))")
        }
        guard let context = cairo_create(surface) else {
            cairo_surface_destroy(surface)
            throw CartographyError.cairo("no drawing context")
        }
        self.surface = surface
        self.context = context
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    /// The PNG bytes, collected from cairo's stream writer into a Swift buffer.
    func encodePNG() throws -> [UInt8] {
        let sink = PNGSink()
        let status = withExtendedLifetime(sink) {
            cairo_surface_write_to_png_stream(surface, { closure, data, length in
                guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
                Unmanaged<PNGSink>.fromOpaque(closure).takeUnretainedValue().bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(sink).toOpaque())
        }
        guard status == CAIRO_STATUS_SUCCESS else { throw CartographyError.cairo("PNG encoding: \(PNGRenderer.message(status))") }
        return sink.bytes
    }
}

private final class PNGSink {
    var bytes: [UInt8] = []
}
