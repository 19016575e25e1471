/// Where a linkage run is: queued → running → succeeded, failed or cancelled (a running run whose
/// worker stops heartbeating is claimed again, staying `running`; a queued or running one can be cancelled);
/// a succeeded run is `withdrawn` when a dataset version it read is destroyed: its results go with the data.
public enum RunStatus: String, APIEnum {
    case queued, running, succeeded, failed, cancelled, withdrawn

    /// Still to finish: queued or running.
    public var isActive: Bool { self == .queued || self == .running }

    /// Whether a run in this status may move to `next`; every change of a run's status is checked by it.
    public func allows(_ next: RunStatus) -> Bool {
        switch (self, next) {
        case (.queued, .running), (.queued, .cancelled): true
        case (.running, .running), (.running, .succeeded), (.running, .failed), (.running, .cancelled): true
        case (.succeeded, .withdrawn): true
        default: false
        }
    }
}
