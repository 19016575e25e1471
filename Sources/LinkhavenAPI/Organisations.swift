import Foundation

/// An organisation to register: its name, address and ICO registration, and a contact.
public struct OrganisationIn: Codable, Sendable, Equatable {
    public var name: String; public var address: String; public var icoReference: String; public var contactEmail: String?; public var contactPhone: String?
    public init(name: String, address: String, icoReference: String, contactEmail: String? = nil, contactPhone: String? = nil) {
        self.name = name; self.address = address; self.icoReference = icoReference; self.contactEmail = contactEmail; self.contactPhone = contactPhone
    }
}

/// A registered organisation.
public struct OrganisationOut: Codable, Sendable, Equatable {
    public var id: UUID; public var name: String; public var address: String; public var icoReference: String; public var contactEmail: String; public var contactPhone: String
    public init(id: UUID, name: String, address: String, icoReference: String, contactEmail: String, contactPhone: String) {
        self.id = id; self.name = name; self.address = address; self.icoReference = icoReference; self.contactEmail = contactEmail; self.contactPhone = contactPhone
    }
}

/// A user to add to an organisation: never an operator.
public struct UserIn: Codable, Sendable, Equatable {
    public var email: String; public var name: String; public var role: Role; public var trainingDate: Date
    public init(email: String, name: String, role: Role, trainingDate: Date) { self.email = email; self.name = name; self.role = role; self.trainingDate = trainingDate }
}

/// A new user's first credentials, shown once to the admin who added them: an initial password
/// (changed at first sign-in), the authenticator's secret and its provisioning URI.
public struct NewUserCredentials: Codable, Sendable, Equatable {
    public var id: UUID
    public var email: String
    public var initialPassword: String
    public var totpSecret: String
    public var totpURI: String
    /// Ten single-use codes for signing in without the authenticator; shown once.
    public var recoveryCodes: [String]
    public init(id: UUID, email: String, initialPassword: String, totpSecret: String, totpURI: String, recoveryCodes: [String]) {
        self.id = id; self.email = email; self.initialPassword = initialPassword; self.totpSecret = totpSecret; self.totpURI = totpURI
        self.recoveryCodes = recoveryCodes
    }
}

/// A security credential an organisation holds (ISO 27001, DSPT, Cyber Essentials…) and its expiry.
public struct CredentialIn: Codable, Sendable, Equatable {
    public var scheme: String; public var reference: String; public var expires: Date
    public init(scheme: String, reference: String, expires: Date) { self.scheme = scheme; self.reference = reference; self.expires = expires }
}

extension API {
    public static let registerOrganisation = Endpoint<OrganisationIn, OrganisationOut>(
        .post, "/api/v1/organisations", "Register an organisation", who: "operator", success: 201)
    public static let organisations = Endpoint<NoBody, [OrganisationOut]>(
        .get, "/api/v1/organisations", "Organisations: its own and its partners' (all for the operator)", who: "signed in")
    public static let addUser = Endpoint<UserIn, NewUserCredentials>(
        .post, "/api/v1/organisations/{org}/users", "Add a user to an organisation (first credentials shown once)", who: "its admin, or the operator", success: 201)
    public static let recordCredential = Endpoint<CredentialIn, NoBody>(
        .post, "/api/v1/organisations/{org}/credentials", "Record a security credential", who: "its admin", success: 201)

    static let organisationOperations: [Operation] = [
        registerOrganisation.operation, organisations.operation, addUser.operation, recordCredential.operation,
    ]
}
