import Foundation
import LinkhavenCore
import LinkhavenServer

extension DemoScript {
    /// The partnership grows: the county proposes a voluntary organisation that runs the drug and alcohol
    /// recovery service; the four members' signatories accept; its signatory signs declaration version 2
    /// and so joins (the members sign it too); the county adds it as a party to the agreement, with the
    /// dataset it will share, and all five sign the new version. The trust pseudonymises its extract at
    /// source with the project key the providers share, and uploads it under the new version.
    /// Returns the summary line.
    func partnershipGrows(_ p: DemoPartnership) async throws -> (String, DemoOrganisation) {
        let members = [p.county, p.borough, p.police, p.university]
        let trust = try await client.organisation("Basildon Recovery Trust", ico: "ZA486205", roles: [.orgAdmin, .signatory, .provider], operatorToken: p.operatorToken)
        let change = try await client.call(API.proposeAdmission, p.partnership, body: AdmissionIn(
            icoReference: "ZA486205", reason: "It runs the drug and alcohol recovery service whose families the school readiness work is about"),
            token: p.county.tokens[.orgAdmin]!)
        var decided = change
        for m in members {
            decided = try await client.call(API.decideAdmission, p.partnership, change.id.uuidString, body: AdmissionDecisionIn(accept: true), token: m.tokens[.signatory]!)
        }
        guard decided.status == .accepted, let version = decided.declarationVersion else { throw APIClientError("the admission was not accepted: \(decided.status)") }
        var detail = try await client.call(API.signDeclaration, p.partnership, token: trust.tokens[.signatory]!)
        guard detail.members.contains(try trust.uuid()) else { throw APIClientError("the trust did not join on signing") }
        for m in members { detail = try await client.call(API.signDeclaration, p.partnership, token: m.tokens[.signatory]!) }

        // The agreement takes the trust on, with what it shares: a new version that all five sign.
        guard let agreement = try await client.call(API.projectAgreements, p.project, token: p.county.tokens[.orgAdmin]!).first else {
            throw APIClientError("the project has no agreement")
        }
        let id = agreement.id.uuidString, admin = p.county.tokens[.orgAdmin]!
        let added = try await client.call(API.addAgreementParty, id, body: AgreementPartyIn(organisation: try trust.uuid()), token: admin)
        var document = added.document
        guard var shared = document.datasets.first(where: { $0.name == "drug_alcohol" }) else { throw APIClientError("no drug and alcohol dataset agreed") }
        shared.name = "recovery_service"; shared.provider = trust.id
        document.datasets.append(shared)
        _ = try await client.call(API.changeAgreement, id, body: document, token: admin)
        // The assessment, structured, is signed with the new version (it is open again while the version is a draft).
        guard var assessment = added.assessment else { throw APIClientError("the project has no assessment") }
        assessment.benefitItems = [
            BenefitItem(who: "Children starting school in Vange", how: "More are school-ready at reception", measure: "The share school-ready, against the 2025 baseline"),
            BenefitItem(who: "Families in recovery", how: "Early help offered before school starts", measure: "Families offered early help within 3 months of referral"),
        ]
        assessment.riskItems = [RiskItem(to: .individuals, description: "Re-identification of a family in recovery from a small cell",
                                         likelihood: 2, severity: 5, safeguard: "Cells under 10 suppressed; only released tables leave the platform")]
        assessment.equality = EqualityImpact(groups: "Parents with a substance misuse history", how: "Could be stigmatised by targeting",
                                             mitigation: "Offers are universal in the ward; no individual is singled out from the analysis")
        _ = try await client.call(API.writeAssessment, p.project, body: assessment, token: p.county.tokens[.signatory]!)
        _ = try await client.call(API.submitAgreement, id, token: admin)
        for o in members + [trust] { _ = try await client.call(API.signAgreement, id, token: o.tokens[.signatory]!) }
        let approved = try await client.call(API.approveAgreement, id, token: admin)

        // At the trust: its extract, pseudonymised at source; the county registers the spec with it.
        let (bytes, manifest, specText) = try recoveryExtract()
        _ = try await client.call(API.registerLinkage, p.project, query: [("keyFingerprint", manifest.keyFingerprint)], body: JSONDocument(text: specText), token: admin)
        let me = try await client.call(API.me, token: trust.tokens[.provider]!)
        _ = try await client.call(API.addMember, p.project, body: MemberIn(user: me.id, role: .provider), token: trust.tokens[.orgAdmin]!)
        let made = try await client.call(API.createToken, body: TokenIn(name: "recovery uploads", project: nil, dataset: "recovery_service", actions: [.upload],
                                                                        expiresInDays: 30), token: trust.tokens[.provider]!)
        guard let token = made.token else { throw APIClientError("the new API token was not shown") }
        let u = try await client.upload(project: p.project, token: token, bytes: bytes, manifest: manifest, parts: 2)
        guard u.status == .accepted else { throw APIClientError("the trust's upload was not accepted: \(u.problems.map(\.reason))") }
        return ("Basildon Recovery Trust proposed by the county, accepted by \(decided.acceptedBy.count) of \(decided.needed) signatories, "
            + "signed declaration version \(version) and joined (in force: version \(detail.inForceVersion)); agreement version \(approved.version) "
            + "(its assessment signed with it: \(approved.assessment?.benefitItems?.count ?? 0) benefits, \(approved.assessment?.riskItems?.count ?? 0) risk scored "
            + "\(approved.assessment?.riskItems?.map { String($0.score) }.joined(separator: ", ") ?? "") of 25, an equality impact) "
            + "signed by \(approved.signedBy.count) parties; recovery_service uploaded under it: \(manifest.rows.written) rows, accepted as version \(u.version ?? 0)", trust)
    }

    /// The trust's own extract (its service users: the synthetic drug and alcohol records of those in
    /// treatment), pseudonymised at source with the project key, under the spec with its dataset added.
    /// Returns the file, its manifest and the spec's text.
    func recoveryExtract() throws -> (Data, PseudonymisationManifest, String) {
        let dir = provider + "/recovery-trust"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for lookup in ["small-areas.csv"] where FileManager.default.fileExists(atPath: provider + "/" + lookup) && !FileManager.default.fileExists(atPath: dir + "/" + lookup) {
            try FileManager.default.copyItem(atPath: provider + "/" + lookup, toPath: dir + "/" + lookup)
        }
        let reader = try CSVReader(path: provider + "/drug_alcohol.csv")
        guard let header = try reader.next()?.fields, let treated = header.firstIndex(of: "in_treatment_12m") else { throw APIClientError("drug_alcohol.csv has no header") }
        var out: [UInt8] = []
        CSVWriter.encode(header, into: &out)
        while let r = try reader.next() {
            if r.fields.count == header.count && r.fields[treated] == "Y" { CSVWriter.encode(r.fields, into: &out) }
        }
        try Data(out).write(to: URL(fileURLWithPath: dir + "/recovery_service.csv"))
        // The spec with the trust's dataset (the drug and alcohol dataset's columns) added.
        guard var spec = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: provider + "/spec.json"))) as? [String: Any],
              var datasets = spec["datasets"] as? [[String: Any]], var dataset = datasets.first(where: { $0["name"] as? String == "drug_alcohol" }) else {
            throw APIClientError("spec.json has no drug_alcohol dataset")
        }
        dataset["name"] = "recovery_service"
        datasets.append(dataset)
        spec["datasets"] = datasets
        let full = String(decoding: try JSONSerialization.data(withJSONObject: spec, options: [.sortedKeys]), as: UTF8.self)
        spec["datasets"] = [dataset]   // what the trust pseudonymises: its own dataset only
        try JSONSerialization.data(withJSONObject: spec, options: [.sortedKeys]).write(to: URL(fileURLWithPath: dir + "/spec.json"))
        let manifests = try SyntheticPartnership.pseudonymise(directory: dir, projectSecret: try SecretKey.read(from: provider + "/project.key"),
                                                             vaultSecret: SecretKey.generate(), overwrite: true)
        guard let m = manifests["recovery_service"] else { throw APIClientError("the trust's extract was not pseudonymised") }
        return (try Data(contentsOf: URL(fileURLWithPath: dir + "/recovery_service.pseudo.csv")), m, full)
    }
}
