#if canImport(Glibc)
import Glibc
#endif

extension System {
    /// Lowers the calling thread's scheduling priority (nice 10 on Linux, where niceness is per
    /// thread), so that long background work gives way to work someone is waiting for.
    public static func lowerThreadPriority() {
        #if os(Linux)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
        #endif
    }

    /// The calling thread's niceness (0 is normal; higher gives way to others). Always 0 off Linux.
    public static var threadPriority: Int32 {
        #if os(Linux)
        errno = 0
        return getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        #else
        return 0
        #endif
    }
}
