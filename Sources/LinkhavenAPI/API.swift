/// The platform API's operations that the contract types. Each is spelt here once; the server
/// registers it (`RoutesBuilder.on`), the clients call it, and the OpenAPI document describes it.
public enum API {
    public static let me = Endpoint<NoBody, MeOut>(.get, "/api/v1/me", "The signed-in user", who: "signed in")
    public static let projects = Endpoint<NoBody, [ProjectSummary]>(
        .get, "/api/v1/projects", "Projects you can see inside (your project role, or governance)", who: "signed in")
    public static let notifications = Endpoint<NoBody, [NotificationOut]>(
        .get, "/api/v1/notifications", "The organisation's notifications, newest first", who: "signed in",
        query: [QueryParameter("limit", "how many, 1 to 200 (default 200)", .integer)])
    public static let assurance = Endpoint<NoBody, [CredentialOut]>(
        .get, "/api/v1/assurance", "Partners' security credentials, expired ones flagged", who: "signed in")

    /// Every typed operation, for the document.
    public static let operations: [Operation] = [me.operation, projects.operation, notifications.operation, assurance.operation]
        + runOperations + outputOperations + uploadOperations + datasetOperations + caseOperations + incidentOperations
        + agreementOperations + userAdminOperations + sessionOperations + organisationOperations + projectOperations + platformOperations
        + openDataOperations + projectSetupOperations + partnershipOperations + registerOperations
        + catalogueOperations + singleSignOnOperations + sftpOperations + healthOperations
}
