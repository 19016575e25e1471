/// Where an upload is: receiving bytes → validating → accepted (a new version, or the same file again),
/// rejected (its problems listed), breach (identifiable data found: deleted, an incident opened) or
/// abandoned (no bytes for a day: staged bytes deleted).
public enum UploadStatus: String, APIEnum {
    case receiving, validating, accepted, rejected, breach, abandoned

    /// Not yet decided: still receiving or being validated.
    public var isOpen: Bool { self == .receiving || self == .validating }

    /// Whether an upload in this status may move to `next`.
    public func allows(_ next: UploadStatus) -> Bool {
        switch (self, next) {
        case (.receiving, .validating), (.receiving, .abandoned): true
        case (.validating, .accepted), (.validating, .rejected), (.validating, .breach): true
        default: false
        }
    }
}

/// A dataset version: the newest accepted version is current; a replaced or retracted version is kept
/// until its retention ends; a destroyed one has had its key and data destroyed (its certificate remains).
public enum VersionStatus: String, APIEnum {
    case current, replaced, retracted, destroyed

    /// Whether a version in this status may move to `next`.
    public func allows(_ next: VersionStatus) -> Bool {
        switch (self, next) {
        case (.current, .replaced), (.current, .retracted), (.current, .destroyed), (.replaced, .destroyed), (.retracted, .destroyed): true
        default: false
        }
    }
}
