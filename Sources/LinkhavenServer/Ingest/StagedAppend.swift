import Crypto
import Foundation
import NIOCore
import NIOPosix
import Vapor

/// The bytes of one upload part on their way to staging: gathered into records of
/// `UploadStaging.recordSize` and appended (sealed and synced) on the blocking pool. Used by one
/// part's chunks in turn, never at once (`Request.Body.eachChunk`), under the upload's lock.
final class StagedAppend: @unchecked Sendable {
    private let id: UUID, key: SymmetricKey, staging: UploadStaging, size: Int, pool: NIOThreadPool
    private var pending = ByteBuffer()
    private var received: Int
    private var records: Int

    init(id: UUID, key: SymmetricKey, staging: UploadStaging, size: Int, received: Int, records: Int, pool: NIOThreadPool) {
        self.id = id; self.key = key; self.staging = staging; self.size = size
        self.received = received; self.records = records; self.pool = pool
    }

    /// Takes a chunk; appends a record once one is full.
    func add(_ chunk: ByteBuffer) async throws {
        var chunk = chunk
        pending.writeBuffer(&chunk)
        if pending.readableBytes >= UploadStaging.recordSize { try await flush() }
    }

    /// Appends what is gathered (refusing more than the upload announced).
    func flush() async throws {
        guard pending.readableBytes > 0 else { return }
        guard received + pending.readableBytes <= size else { throw Abort(.payloadTooLarge, reason: "more bytes than the \(size) announced") }
        let chunk = pending, n = records, staging = self.staging, id = self.id, key = self.key
        records = try await pool.runIfActive { try staging.append(id, key: key, data: chunk, records: n) }
        received += chunk.readableBytes
        pending.clear()
        Failpoint.hit("upload.after-chunk")
    }
}
