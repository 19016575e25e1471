import Crypto
import Foundation
@testable import LinkhavenCore
import Testing

@Suite struct DestructionCertificateTests {
    static func certificate(destroyed: [DestructionCertificate.Destroyed] = []) -> DestructionCertificate {
        DestructionCertificate(id: "c", project: "p", dataset: "d", datasetName: "housing", provider: "o",
                               versions: [.init(version: 1, contentSHA256: "aa", storedSHA256: "bb", rows: 10)], derived: ["data quality reports"],
                               destroyed: destroyed, kept: [.init(output: "x", title: "Readiness by area", status: "released")],
                               destroyedAt: "2026-12-04T00:00:00Z", reason: "retention expired", agreement: "a", clause: "section 7")
    }

    @Test func aListingsHashDoesNotDependOnOrderAndSeesEveryField() {
        let rows = (0..<200).map { ["run", "housing", "r\($0)", String($0 % 7), String($0 % 3)] }
        var a = DestructionLedger(kind: "linked records"), b = DestructionLedger(kind: "linked records")
        for r in rows { a.add(r) }
        for r in rows.shuffled() { b.add(r) }
        #expect(a.entry == b.entry && a.count == 200)
        var c = DestructionLedger(kind: "linked records")
        for r in rows.dropLast() { c.add(r) }
        c.add(["run", "housing", "r199", "3", "2"])   // one field differs
        #expect(c.sha256 != a.sha256 && c.count == a.count)
        #expect(DestructionLedger(kind: "none").sha256 == SHA256.hash(data: Data()).map { String(format: "%02x", $0) }.joined())
    }

    @Test func fieldsCannotBeConfusedByTheSeparators() {
        var split = DestructionLedger(kind: "k"), joined = DestructionLedger(kind: "k")
        split.add(["a", "b"])
        joined.add(["a\tb"])
        #expect(split.sha256 != joined.sha256, "a tab inside a field is not a field boundary")
        var twoLines = DestructionLedger(kind: "k"), oneLine = DestructionLedger(kind: "k")
        twoLines.add(["a"]); twoLines.add(["b"])
        oneLine.add(["a\nb"])
        #expect(twoLines.sha256 != oneLine.sha256, "a newline inside a field is not a line boundary")
    }

    @Test func aCertificateVerifiesOnlyAsSignedAndByTheExpectedKey() throws {
        let key = Curve25519.Signing.PrivateKey(), other = Curve25519.Signing.PrivateKey()
        var ledger = DestructionLedger(kind: "linked records")
        ledger.add(["run", "housing", "rabc", "1", "1"])
        let signed = try Self.certificate(destroyed: [ledger.entry]).signed(with: key)
        let published = Base64URL.encode(Array(key.publicKey.rawRepresentation))
        #expect(signed.format == "linkhaven-destruction/2" && signed.verify(expectedPublicKey: published))
        var altered = signed
        altered.destroyed?[0].count = 0
        #expect(!altered.verify(), "a count changed after signing")
        altered = signed
        altered.kept = []
        #expect(!altered.verify(), "a kept output dropped after signing")
        #expect(!(try Self.certificate().signed(with: other)).verify(expectedPublicKey: published), "signed by another key")
        // Round trip through JSON, as the CLI reads it.
        let decoded = try JSONDecoder().decode(DestructionCertificate.self, from: JSONEncoder().encode(signed))
        #expect(decoded == signed && decoded.verify(expectedPublicKey: published))
    }

    @Test func aFormatOneCertificateIssuedBeforeStillVerifies() throws {
        // Format 1 had no `destroyed` or `kept`: absent keys decode as nil and are not re-encoded, so the signed bytes are as they were.
        let key = Curve25519.Signing.PrivateKey()
        var old = Self.certificate()
        old.format = "linkhaven-destruction/1"; old.destroyed = nil; old.kept = nil
        old.method = "data key erased (crypto-shredding); encrypted files deleted"
        let signed = try old.signed(with: key)
        let json = String(decoding: try JSONEncoder().encode(signed), as: UTF8.self)
        #expect(!json.contains("destroyed\"") && !json.contains("kept"))
        let decoded = try JSONDecoder().decode(DestructionCertificate.self, from: Data(json.utf8))
        #expect(decoded.verify(expectedPublicKey: Base64URL.encode(Array(key.publicKey.rawRepresentation))))
        var unknown = signed
        unknown.format = "linkhaven-destruction/9"
        #expect(!unknown.verify(), "a format this version does not know")
    }
}
