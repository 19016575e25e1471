import Foundation
import LinkhavenCore
import Synchronization
import Testing

@Suite struct ParallelTests {
    @Test(arguments: [0, 1, 2, 5])
    func everyWorkerRunsOnceAndAllHaveReturned(workers: Int) {
        let calls = PerWorker(count: max(workers, 1)) { 0 }
        Parallel.forEach(workers: workers) { w in
            usleep(UInt32(1_000 * (workers - w)))   // the last to start finishes first
            calls[w] += 1
        }
        #expect((0..<workers).map { calls[$0] } == Array(repeating: 1, count: workers))
    }

    @Test func workersRunAtTheSameTime() {
        // Each worker waits for all the others to arrive: this only returns if they run at once.
        let arrived = Atomic<Int>(0)
        let waitedTooLong = Atomic<Bool>(false)
        Parallel.forEach(workers: 4) { _ in
            arrived.add(1, ordering: .sequentiallyConsistent)
            let start = Date()
            while arrived.load(ordering: .sequentiallyConsistent) < 4 {
                if Date().timeIntervalSince(start) > 30 { waitedTooLong.store(true, ordering: .sequentiallyConsistent); return }
                usleep(100)
            }
        }
        let allArrived = !waitedTooLong.load(ordering: .sequentiallyConsistent)
        #expect(allArrived)
    }

    #if os(Linux)
    @Test func workersInheritALoweredPriority() async {
        // The server lowers a linkage run's thread; the threads it spreads to must give way too.
        let seen = PerWorker(count: 3) { Int32(-1) }
        let mine = System.threadPriority
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread {
                System.lowerThreadPriority()
                Parallel.forEach(workers: 3) { w in seen[w] = System.threadPriority }
                done.resume()
            }.start()
        }
        #expect((0..<3).map { seen[$0] } == [10, 10, 10])
        #expect(System.threadPriority == mine)   // only the lowered thread and its workers
    }

    @Test func aPriorityIsOnlyEverLowered() async {
        // The password hasher lowers its threads to 5 on every job; a thread already lower stays lower.
        let seen = PerWorker(count: 3) { Int32(-1) }
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread {
                System.lowerThreadPriority(to: 5); seen[0] = System.threadPriority
                System.lowerThreadPriority(to: 5); seen[1] = System.threadPriority
                System.lowerThreadPriority(to: 12); System.lowerThreadPriority(to: 5); seen[2] = System.threadPriority
                done.resume()
            }.start()
        }
        #expect((0..<3).map { seen[$0] } == [5, 5, 12])
    }
    #endif
}
