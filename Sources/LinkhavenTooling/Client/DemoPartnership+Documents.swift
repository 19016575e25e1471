import Foundation
import LinkhavenCore
import LinkhavenServer

extension DemoPartnership {
    /// The demo's information sharing agreement, in the words of the school readiness protocol
    /// (`shared/reference/002_*`), with the datasets each party shares.
    static func agreementDocument(datasets: [AgreementDocument.SharedDataset]) -> AgreementDocument {
        AgreementDocument(
            title: "Information Sharing Protocol: school readiness in Vange",
            purpose: "To gain insight into school readiness in Vange ward, Basildon, by sharing, matching and modelling pseudonymised "
                + "data from across partners, to inform the commissioning of interventions that support the community in improving "
                + "outcomes in the early years.",
            legalBasis: "The processing is necessary for exercising statutory, governmental or other public functions. Pseudonymised "
                + "data only are shared, following the ICO Anonymisation Code of Practice; no person-identifiable data are used.",
            fairProcessing: "Each partner is transparent about its use of pseudonymised data for research and service planning in "
                + "the privacy notices it gives at the point of contact.",
            publication: "Aggregate results only, after disclosure control, and only with the approval of every data owner. "
                + "Results already published stay available while the agreement is suspended or under renewal.",
            security: "Pseudonymised at source with a key the platform never holds; transferred over HTTPS; stored encrypted; "
                + "accessed only by named analysts with current training.",
            formatAndFrequency: "CSV files pseudonymised with the provider tool, one extract from each agency for this pilot.",
            retention: .init(months: 12, extensions: 1, extensionMonths: 12),
            controllersInCommon: "Each partner remains data controller for the data it provides.",
            processor: "The platform operator processes the data on the partners' behalf, under this protocol.",
            auditRights: "Each partner may audit another's pseudonymisation (section 8) on reasonable notice.",
            complaints: "Each partner handles complaints about its own data under its own procedure.",
            breachProcedure: "Identifiable data reaching the platform are deleted at once and the provider informed; "
                + "partners report breaches to each other within 24 hours and to the ICO where required.",
            reviewDate: "2027-11-30", publishedOutputsStayAvailable: true, datasets: datasets, interventionAllowed: true)
    }

    /// Each organisation's administrator records its security credentials, renewed for the coming year.
    static func recordAssurance(_ organisations: [DemoOrganisation], client: APIClient) async throws {
        let expires = client.now().addingTimeInterval(300 * 24 * 3600)
        let schemes = [("Data Security and Protection Toolkit", "DSPT"), ("Cyber Essentials Plus", "CEP"), ("ISO/IEC 27001", "ISMS")]
        for (n, org) in organisations.enumerated() {
            for (scheme, code) in [schemes[0], schemes[1 + n % 2]] {
                _ = try await client.call(API.recordCredential, org.id, body: CredentialIn(scheme: scheme, reference: "\(code)-\(org.id.prefix(8))", expires: expires),
                                          token: org.tokens[.orgAdmin]!)
            }
        }
    }
}
