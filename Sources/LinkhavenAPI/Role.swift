/// The roles a user can hold.
public enum Role: String, APIEnum {
    case operator_ = "operator", orgAdmin, signatory, provider, analyst, reviewer, auditor
}
