#if canImport(Glibc)
import Glibc
#endif

extension System {
    /// Lowers the calling thread's scheduling priority (to nice `niceness`, 10 unless told, on Linux,
    /// where niceness is per thread), so that long background work gives way to work someone is waiting
    /// for. A thread's priority can only be lowered: a lower `niceness` than it has already is ignored.
    public static func lowerThreadPriority(to niceness: Int32 = 10) {
        #if os(Linux)
        guard threadPriority < niceness else { return }
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
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
