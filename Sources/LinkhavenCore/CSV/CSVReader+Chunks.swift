import Foundation

extension CSVReader {
    /// Reads CSV from a source of chunks, such as a sealed file decrypted as it streams, so that
    /// nothing decrypted is written out. `next` returns `nil` at the end.
    public convenience init(encoding: TextEncoding = .utf8, chunks next: @escaping () throws -> Data?) {
        var pending = Data(), taken = 0
        self.init(encoding: encoding) { buffer in
            while taken == pending.count {
                guard let chunk = try next() else { return 0 }
                pending = chunk
                taken = 0
            }
            let n = min(buffer.count, pending.count - taken)
            pending.withUnsafeBytes { p in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: p[taken..<(taken + n)]))
            }
            taken += n
            return n
        }
    }
}
