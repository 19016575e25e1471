import Crypto
import Foundation
import LinkhavenServer
import LinkhavenCore
import Vapor

/// A partnership set up through the API as its people would: a county council, a borough council,
/// the police and a university, each with a user per role; a project with its assessment and members; an
/// agreement for the six synthetic datasets drafted, signed by every party and approved; the
/// linkage spec and key fingerprint registered; upload tokens for the providers. The datasets are
/// generated and pseudonymised at source (the provider tool's code path) into `directory`, with a
/// project key the platform never sees.
public struct DemoPartnership: Sendable {
    /// Where the synthetic and pseudonymised files are, with the providers' `project.key` and `vault.key`.
    public var directory: String
    public var project: String
    public var partnership: String
    public var operatorToken: String
    /// The platform operator's sign-in (its password already changed from the initial one).
    public var operatorCredentials: Accounts.Credentials
    public var county: DemoOrganisation, borough: DemoOrganisation, police: DemoOrganisation
    /// The university's analysts join the project; it provides no data.
    public var university: DemoOrganisation
    /// Upload API tokens of the borough (housing) and the police (police); the county provides the rest.
    public var boroughUpload: String, policeUpload: String, countyUpload: String
    public var manifests: [String: PseudonymisationManifest]
    /// Which organisation provides each dataset.
    public var providerOf: [String: String]

    /// Generates `households` synthetic households in `directory` and sets the partnership up through `client`.
    public static func make(app: Application, client: APIClient, directory: String, households: Int = 120) async throws -> DemoPartnership {
        var o = SyntheticPartnership.Options(directory: directory)
        o.households = households
        _ = try SyntheticPartnership.generate(o)
        // The providers' keys stay with the providers' files (mode 0600), never on the platform.
        let projectKey = SecretKey.generate(), vaultKey = SecretKey.generate()
        try projectKey.write(to: directory + "/project.key")
        try vaultKey.write(to: directory + "/vault.key")
        let manifests = try SyntheticPartnership.pseudonymise(directory: directory, projectSecret: projectKey, vaultSecret: vaultKey)
        let spec = try SpecLoader.load(path: directory + "/spec.json")
        var op = try await Accounts.createOperator(app: app, email: "operator@linkhaven.test", name: "Operator")
        let opToken = try await client.firstSignIn(&op)
        let roles: [Role] = [.orgAdmin, .signatory, .provider, .analyst]
        let ecc = try await client.organisation("Essex County Council", ico: "Z6034810", roles: roles + [.reviewer], operatorToken: opToken)
        let bbc = try await client.organisation("Basildon Borough Council", ico: "Z5361180", roles: roles, operatorToken: opToken)
        let pol = try await client.organisation("Essex Police", ico: "Z4883472", roles: roles, operatorToken: opToken)
        let uni = try await client.organisation("Anglia Ruskin University", ico: "Z7357522", roles: [.orgAdmin, .signatory, .analyst], operatorToken: opToken)
        let partnership = PartnershipIn(name: "Essex Data", declaration: "The partners will share, match and model pseudonymised data to improve support for vulnerable adults, children, young people and their families.",
                                        members: try [ecc, bbc, pol, uni].map { try $0.uuid() }, signatories: nil)
        let pid = try await client.call(API.createPartnership, body: partnership, token: opToken).id
        for org in [ecc, bbc, pol, uni] { _ = try await client.call(API.signDeclaration, pid.uuidString, token: org.tokens[.signatory]!) }
        try await recordAssurance([ecc, bbc, pol, uni], client: client)
        let project = ProjectIn(name: "School readiness", purpose: "Improve school readiness in Vange ward, Basildon, by sharing, matching and modelling pseudonymised data to inform early-years commissioning")
        let prj = try await client.call(API.createProject, pid.uuidString, body: project, token: ecc.tokens[.orgAdmin]!).id.uuidString
        let assessment = Assessment(beneficiaries: "Children", benefits: "Earlier help", risksToIndividuals: "Re-identification", risksToPublic: "Trust",
                                    risksToServices: "None", safeguards: "Pseudonymised at source", legalVulnerabilityAddressed: true, dataQualityAssessed: true,
                                    accessLimits: "Named analysts")
        _ = try await client.call(API.writeAssessment, prj, body: assessment, token: ecc.tokens[.signatory]!)
        for (org, role) in [(ecc, Role.analyst), (ecc, .provider), (ecc, .reviewer), (bbc, .provider), (pol, .provider), (bbc, .analyst), (uni, .analyst)] {   // project roles
            let me = try await client.call(API.me, token: org.tokens[role]!)
            _ = try await client.call(API.addMember, prj, body: MemberIn(user: me.id, role: role), token: org.tokens[.orgAdmin]!)
        }
        var providerOf: [String: String] = [:]
        for d in spec.datasets { providerOf[d.name] = ["housing": bbc.id, "police": pol.id][d.name] ?? ecc.id }
        let datasets = spec.datasets.map { d in
            AgreementDocument.SharedDataset(provider: providerOf[d.name]!, name: d.name, fields: d.columns.map { $0.role == .identifier ? $0.fieldName : $0.outputName })
        }
        let draft = AgreementIn(parties: try [bbc, pol, uni].map { try $0.uuid() }, document: agreementDocument(datasets: datasets))
        let agreement = try await client.call(API.draftAgreement, prj, body: draft, token: ecc.tokens[.orgAdmin]!).id.uuidString
        _ = try await client.call(API.submitAgreement, agreement, token: ecc.tokens[.orgAdmin]!)
        for t in [ecc, bbc, pol, uni] { _ = try await client.call(API.signAgreement, agreement, token: t.tokens[.signatory]!) }
        _ = try await client.call(API.approveAgreement, agreement, token: ecc.tokens[.orgAdmin]!)
        let specText = try String(contentsOfFile: directory + "/spec.json", encoding: .utf8)
        _ = try await client.call(API.registerLinkage, prj, query: [("keyFingerprint", projectKey.projectKey(project: spec.project).fingerprint)],
                                  body: JSONDocument(text: specText), token: ecc.tokens[.orgAdmin]!)
        _ = try await client.call(API.setBoundaries, prj, body: GeoJSONText(text: SyntheticBoundaries.geojson(codes: SyntheticBoundaries.codes(directory: directory))),
                                  token: ecc.tokens[.analyst]!)
        func uploadToken(_ t: String) async throws -> String {
            let made = try await client.call(API.createToken, body: TokenIn(name: "upload", project: nil, dataset: nil, actions: [.upload], expiresInDays: 30), token: t)
            guard let token = made.token else { throw APIClientError("the new API token was not shown") }
            return token
        }
        return DemoPartnership(directory: directory, project: prj, partnership: pid.uuidString, operatorToken: opToken, operatorCredentials: op, county: ecc, borough: bbc, police: pol, university: uni,
                               boroughUpload: try await uploadToken(bbc.tokens[.provider]!), policeUpload: try await uploadToken(pol.tokens[.provider]!),
                               countyUpload: try await uploadToken(ecc.tokens[.provider]!), manifests: manifests, providerOf: providerOf)
    }

    /// The upload API token of the organisation that provides `dataset`.
    public func uploadToken(for dataset: String) -> String {
        switch providerOf[dataset] {
        case borough.id: boroughUpload
        case police.id: policeUpload
        default: countyUpload
        }
    }

    /// A dataset's pseudonymised file as the provider tool wrote it, with its manifest.
    public func file(_ dataset: String) throws -> (Data, PseudonymisationManifest) {
        (try Data(contentsOf: URL(fileURLWithPath: directory + "/\(dataset).pseudo.csv")), manifests[dataset]!)
    }

    /// A copy of a dataset's pseudonymised file changed by `edit` (rows after the header), with a manifest to match.
    public func variant(_ dataset: String, _ edit: (inout [[String]]) -> Void) throws -> (Data, PseudonymisationManifest) {
        let reader = try CSVReader(path: directory + "/\(dataset).pseudo.csv")
        let header = try reader.next()!.fields
        var rows: [[String]] = []
        while let r = try reader.next() { rows.append(r.fields) }
        edit(&rows)
        var bytes: [UInt8] = []
        for r in [header] + rows { CSVWriter.encode(r, into: &bytes) }
        var m = manifests[dataset]!
        m.fileSHA256 = Hex.encode(SHA256.hash(data: bytes)); m.rows.written = rows.count
        return (Data(bytes), m)
    }
}
