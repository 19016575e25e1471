import CZlib
import Foundation

/// Streaming gzip decompression with zlib, so a compressed upload of any size is read in
/// constant memory.
final class GzipInflater {
    private var stream = z_stream()
    private var finished = false
    private var out = [UInt8](repeating: 0, count: 1 << 18)

    init() throws {
        let r = inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard r == Z_OK else { throw ValidationFailure.format("the file could not be decompressed") }
    }

    deinit { inflateEnd(&stream) }

    /// Decompresses `input`, calling `body` with each piece of output.
    func inflate(_ input: Data, _ body: ([UInt8]) throws -> Void) throws {
        guard !input.isEmpty else { return }
        guard !finished else { throw ValidationFailure.format("the gzip file has data after its end") }
        var data = input
        try data.withUnsafeMutableBytes { (inp: UnsafeMutableRawBufferPointer) in
            stream.next_in = inp.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.avail_in = uInt(inp.count)
            repeat {
                let produced: Int = try out.withUnsafeMutableBytes { o in
                    stream.next_out = o.baseAddress!.assumingMemoryBound(to: Bytef.self)
                    stream.avail_out = uInt(o.count)
                    let r = CZlib.inflate(&stream, Z_NO_FLUSH)
                    if r == Z_STREAM_END { finished = true } else if r != Z_OK && r != Z_BUF_ERROR {
                        throw ValidationFailure.format("the file is not valid gzip")
                    }
                    return o.count - Int(stream.avail_out)
                }
                if produced > 0 { try body(Array(out[0..<produced])) }
                if finished, stream.avail_in > 0 { throw ValidationFailure.format("the gzip file has data after its end") }
            } while stream.avail_in > 0 || stream.avail_out == 0 && !finished
        }
    }

    /// Throws unless the whole gzip stream was read.
    func finish() throws {
        guard finished else { throw ValidationFailure.format("the gzip file is truncated") }
    }
}
