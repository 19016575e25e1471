import Fluent
import Foundation
import Vapor

/// An e-mail waiting in the outbox, or sent: written in the same transaction as the notification it
/// carries, sent by `MailSender`. Like every notification it names kinds, datasets and ids, never data.
final class MailMessage: Model, @unchecked Sendable {
    static let schema = "mail_outbox"
    @ID(key: .id) var id: UUID?
    @Field(key: "recipient") var recipient: String
    @Field(key: "subject") var subject: String
    @Field(key: "body") var body: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "sent_at") var sentAt: Date?
    @Field(key: "attempts") var attempts: Int
    @Field(key: "last_error") var lastError: String
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] { [$id, $recipient, $subject, $body, $createdAt, $sentAt, $attempts, $lastError] }
    init() {}

    /// Attempts after which a message is left unsent (its last error says why).
    static let maximumAttempts = 10
}
