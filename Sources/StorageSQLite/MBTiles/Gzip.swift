import CZlib
import Storage

/// gzip compression of a buffer in memory (zlib's deflate with the gzip wrapper), for MBTiles, whose
/// vector tiles are stored gzip-compressed as tippecanoe and GDAL write them.
enum Gzip {
    static func compress(_ input: [UInt8], level: Int32 = 6) throws -> [UInt8] {
        var stream = z_stream()
        // windowBits 15 + 16: the gzip header and trailer instead of zlib's.
        guard deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw StorageError.compression("deflateInit2 failed")
        }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))) + 32)
        var input = input
        let status = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress; stream.avail_in = UInt32(source.count)
                stream.next_out = target.baseAddress; stream.avail_out = UInt32(target.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw StorageError.compression("deflate did not finish (\(status))") }
        return Array(output.prefix(Int(stream.total_out)))
    }
}
