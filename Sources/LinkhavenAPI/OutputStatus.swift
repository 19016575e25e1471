/// Where an analysis output is on its way out: checked (disclosure-checked; the project's analysts and
/// reviewers see it) → requested (put forward for release) → released (two reviewers and every data
/// owner approved; every partner sees it) → published (open data); or rejected (a reviewer or an owner refused);
/// or, not yet released when a dataset it was made from is destroyed, withdrawn (its result destroyed with the data).
public enum OutputStatus: String, APIEnum {
    case checked, requested, released, published, rejected, withdrawn

    /// Seen by every partner of the project: released or published.
    public var isReleased: Bool { self == .released || self == .published }

    /// Whether an output in this status may move to `next`.
    public func allows(_ next: OutputStatus) -> Bool {
        switch (self, next) {
        case (.checked, .requested), (.requested, .released), (.requested, .rejected), (.released, .published): true
        case (.checked, .withdrawn), (.requested, .withdrawn), (.rejected, .withdrawn): true
        default: false
        }
    }
}
