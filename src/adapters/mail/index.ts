import nodemailer from "nodemailer";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** A stable Message-ID (e.g. from the outbox key) so a resent notification can be recognised downstream. */
  messageId?: string;
}

/** Outgoing e-mail. Production: any SMTP relay; development and tests: the SMTP capture sandbox. */
export interface Mailer {
  send(msg: MailMessage): Promise<void>;
  close(): void;
}

export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(msg) {
      await transport.sendMail({ from, ...msg });
    },
    close: () => transport.close(),
  };
}
