import Crypto
import Foundation
import LinkhavenCore

/// The byte side of validating an upload, on a thread of its own so that the CSV parser does not
/// wait for it: reads the staged records (decrypting each), hashes what was sent, decompresses if
/// gzip, hashes the plaintext, writes it re-encrypted to the version's stored file, and hands the
/// plaintext on in chunks. The hashes and counts are read after `finish()`.
final class StagedPlaintext: @unchecked Sendable {
    private let staging: StagingReader
    private let inflater: GzipInflater?
    private let writer: SealedFileWriter
    private let queue = BlockingQueue<[UInt8]>(capacity: 8)
    private let done = DispatchSemaphore(value: 0)
    private var pending: [UInt8] = [], taken = 0
    private(set) var sentHash = SHA256(), plainHash = SHA256()
    private(set) var sent = 0
    private var failure: (any Error)?
    private var started = false

    init(staging: StagingReader, gzip: Bool, writer: SealedFileWriter) throws {
        self.staging = staging
        inflater = gzip ? try GzipInflater() : nil
        self.writer = writer
    }

    /// Starts the producing thread (at lower priority, as the rest of validation).
    func start() {
        started = true
        let t = Thread { [self] in
            LinkhavenCore.System.lowerThreadPriority()
            do { try produce() } catch { failure = error }
            queue.close()
            done.signal()
        }
        t.start()
    }

    private func produce() throws {
        while let record = try staging.next() {
            sentHash.update(data: record); sent += record.count
            if let inflater {
                var ok = true
                try inflater.inflate(record) { chunk in if ok { ok = try pass(chunk) } }
                if !ok { return }
            } else if try !pass(Array(record)) { return }
        }
        try inflater?.finish()
    }

    /// Hashes and stores a plaintext chunk and hands it on; `false` when the reader has stopped.
    private func pass(_ chunk: [UInt8]) throws -> Bool {
        guard !chunk.isEmpty else { return true }
        plainHash.update(data: chunk)
        try writer.write(chunk)
        return queue.put(chunk)
    }

    /// Fills `buffer` for the CSV reader; 0 at the end. A failure of the producer is thrown here.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while taken == pending.count {
            guard let next = queue.take() else {
                try waitForProducer()
                return 0
            }
            pending = next; taken = 0
        }
        let n = min(buffer.count, pending.count - taken)
        pending.withUnsafeBytes { p in buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: p[taken..<(taken + n)])) }
        taken += n
        return n
    }

    /// Stops the producer (if the reader stopped early) and waits for it; then the hashes are final.
    func finish() throws {
        guard started else { return }
        queue.close()
        try waitForProducer()
    }

    /// Waits until the producer has ended (any number of times), then throws what stopped it, if anything.
    private func waitForProducer() throws {
        done.wait(); done.signal()
        if let failure { throw failure }
    }
}
