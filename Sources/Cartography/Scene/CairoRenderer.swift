import CCairo

/// A scene drawn by cairo: rasterised on an RGB24 image surface and encoded by `cairo_surface_write_to_png_stream`, or
/// written on a PDF surface (one page, the scene's units as PostScript points: 595 × 842 is A4). Paths are filled with
/// the even-odd rule and antialiased, text set with the toy API in the system's sans-serif (embedded in the PDF).
///
/// ```swift
/// let bytes = try CairoRenderer.png(scene)    // 8-bit RGB PNG of scene.width × scene.height
/// let page = try CairoRenderer.pdf(scene)     // a one-page PDF
/// ```
///
/// The surface and the context are C handles owned here: every call that uses them runs inside
/// `withExtendedLifetime` of their Swift owner, and they are destroyed once, after the file is written.
public enum CairoRenderer {
    public static func png(_ scene: Scene) throws -> [UInt8] {
        let canvas = try Canvas(width: scene.width, height: scene.height)
        return try withExtendedLifetime(canvas) {
            try paint(scene, on: canvas)
            return try canvas.encodePNG()
        }
    }

    public static func pdf(_ scene: Scene) throws -> [UInt8] {
        let sink = ByteSink()
        let canvas = try Canvas(pdfWidth: Double(scene.width), height: Double(scene.height), into: sink)
        try withExtendedLifetime(canvas) {
            try paint(scene, on: canvas)
            cairo_show_page(canvas.context)
            // Finishing the surface writes the rest of the file into the sink, before the owner lets it go.
            cairo_surface_finish(canvas.surface)
            let status = cairo_surface_status(canvas.surface)
            guard status == CAIRO_STATUS_SUCCESS else { throw CartographyError.cairo("PDF: \(message(status))") }
        }
        return withExtendedLifetime(sink) { sink.bytes }
    }

    private static func paint(_ scene: Scene, on canvas: Canvas) throws {
        let cr = canvas.context
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        setSource(cr, scene.background)
        cairo_paint(cr)
        draw(scene.items, on: cr)
        cairo_surface_flush(canvas.surface)
        let status = cairo_status(cr)
        guard status == CAIRO_STATUS_SUCCESS else { throw CartographyError.cairo(message(status)) }
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

/// A cairo surface (an image, or a PDF written into a sink) and its drawing context, destroyed together when the
/// owner goes.
private final class Canvas {
    let surface: OpaquePointer
    let context: OpaquePointer
    /// The PDF's sink, kept alive as long as the surface that writes into it.
    private let sink: ByteSink?

    convenience init(width: Int, height: Int) throws {
        try self.init(surface: cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)), sink: nil,
                      what: "image surface of \(width) × \(height)")
    }

    convenience init(pdfWidth width: Double, height: Double, into sink: ByteSink) throws {
        let surface = cairo_pdf_surface_create_for_stream({ closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue().bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }, Unmanaged.passUnretained(sink).toOpaque(), width, height)
        try self.init(surface: surface, sink: sink, what: "PDF surface of \(width) × \(height) pt")
    }

    private init(surface: OpaquePointer?, sink: ByteSink?, what: String) throws {
        guard let surface else { throw CartographyError.cairo("no \(what)") }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw CartographyError.cairo("\(what): \(CairoRenderer.message(status))")
        }
        self.sink = sink
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
        let sink = ByteSink()
        let status = withExtendedLifetime(sink) {
            cairo_surface_write_to_png_stream(surface, { closure, data, length in
                guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
                Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue().bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(sink).toOpaque())
        }
        guard status == CAIRO_STATUS_SUCCESS else { throw CartographyError.cairo("PNG encoding: \(CairoRenderer.message(status))") }
        return sink.bytes
    }
}

/// Where cairo's stream writers put the bytes of a PNG or a PDF.
private final class ByteSink {
    var bytes: [UInt8] = []
}
