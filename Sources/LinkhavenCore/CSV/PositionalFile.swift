import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file read at given offsets (`pread`), by any number of threads at once. Nothing is mapped: the pages read
/// stay in the system's page cache, not in this process's resident memory, so a file of hundreds of megabytes
/// costs a reader only its buffer.
final class PositionalFile: Sendable {
    let descriptor: Int32
    /// The file's size in bytes when it was opened.
    let size: Int

    init?(path: String) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        let end = lseek(fd, 0, SEEK_END)
        guard end >= 0 else { close(fd); return nil }
        descriptor = fd
        size = Int(end)
    }

    deinit { close(descriptor) }

    /// Reads up to `buffer.count` bytes at `offset` (fewer at the end of the file); the number read.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws -> Int {
        guard buffer.count > 0, offset < size else { return 0 }
        while true {
            let n = pread(descriptor, buffer.baseAddress, buffer.count, off_t(offset))
            if n >= 0 { return n }
            guard errno == EINTR else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        }
    }

    /// The bytes from `range` (clamped to the file).
    func bytes(_ range: Range<Int>) throws -> Data {
        var data = Data(count: max(0, min(range.upperBound, size) - range.lowerBound))
        var done = 0
        try data.withUnsafeMutableBytes { buffer in
            while done < buffer.count {
                let n = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...]), at: range.lowerBound + done)
                guard n > 0 else { break }
                done += n
            }
        }
        return data.prefix(done)
    }

    /// The offset just after the first `byte` at or after `offset`, or the file's size if there is none.
    func offset(after byte: UInt8, from offset: Int) throws -> Int {
        var at = offset
        while at < size {
            let window = try bytes(at..<(at + 65_536))
            if let i = window.firstIndex(of: byte) { return at + (i - window.startIndex) + 1 }
            guard !window.isEmpty else { break }
            at += window.count
        }
        return size
    }
}
