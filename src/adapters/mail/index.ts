import nodemailer from "nodemailer";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
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
