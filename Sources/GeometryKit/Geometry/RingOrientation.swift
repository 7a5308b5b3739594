import CGEOS

/// Ring orientation, decided by GEOS (GEOSCoordSeq_isCCW: robust signed-area test).
public enum RingOrientation {
    /// Whether a closed ring runs counter-clockwise (x east, y north). Degenerate rings count as CCW.
    public static func isCounterClockwise(_ ring: [Coordinate]) -> Bool {
        guard ring.count >= 4 else { return true }
        let context = GEOSContext.current.handle
        let sequence = ring.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: Double.self) {
                GEOSCoordSeq_copyFromBuffer_r(context, $0.baseAddress, UInt32(ring.count), 0, 0)!
            }
        }
        defer { GEOSCoordSeq_destroy_r(context, sequence) }
        var isCCW: CChar = 0
        guard GEOSCoordSeq_isCCW_r(context, sequence, &isCCW) == 1 else { return true }
        return isCCW == 1
    }
}
