import { Type } from "@sinclair/typebox";
import { VN_MOBILE } from "../adapters/sms/protocol.js";
import type { Citizen } from "./actors.js";
import type { Deps } from "./deps.js";
import { fieldError, parseInput } from "./errors.js";

/**
 * The citizen's choice of notification channels (issue #9): e-mail, SMS or both, to the e-mail address and phone
 * number their identity provider gave the account. SMS needs a Vietnamese mobile number; a channel without an
 * address is refused with a message that says so. At least one channel stays on: the law requires telling the
 * applicant of every status change.
 */

export const NotifySettingsInput = Type.Object(
  {
    channels: Type.Array(Type.Union([Type.Literal("email"), Type.Literal("sms")]), {
      minItems: 1,
      maxItems: 2,
      uniqueItems: true,
    }),
  },
  { additionalProperties: false },
);

export interface NotifySettings {
  channels: Array<"email" | "sms">;
  email: string | null;
  phone: string | null;
  smsAvailable: boolean;
}

const mobile = (p: string | null) => {
  const n = p?.replace(/[\s.]/g, "") ?? "";
  return VN_MOBILE.test(n) ? n : null;
};

export async function notifySettings(deps: Deps, citizen: Citizen): Promise<NotifySettings> {
  const row = await deps.db
    .selectFrom("citizens")
    .select(["notify_channels", "email", "phone"])
    .where("id", "=", citizen.id)
    .executeTakeFirstOrThrow();
  return {
    channels: row.notify_channels ?? ["email"],
    email: row.email,
    phone: row.phone,
    smsAvailable: !!deps.config.services.sms && !!mobile(row.phone),
  };
}

export async function saveNotifySettings(deps: Deps, citizen: Citizen, raw: unknown): Promise<NotifySettings> {
  const input = parseInput(NotifySettingsInput, raw);
  const current = await notifySettings(deps, citizen);
  if (input.channels.includes("sms") && !current.smsAvailable)
    throw fieldError("body.channels", {
      vi: "Không gửi được tin nhắn SMS: tài khoản chưa có số điện thoại di động hợp lệ (cập nhật trên VNeID) hoặc cổng tin nhắn chưa kết nối.",
      en: "SMS cannot be sent: the account has no valid mobile number (update it in VNeID) or no SMS gateway is connected.",
    });
  if (input.channels.includes("email") && !current.email)
    throw fieldError("body.channels", {
      vi: "Không gửi được thư điện tử: tài khoản chưa có địa chỉ thư điện tử (cập nhật trên VNeID).",
      en: "E-mail cannot be sent: the account has no e-mail address (update it in VNeID).",
    });
  await deps.db
    .updateTable("citizens")
    .set({ notify_channels: JSON.stringify(input.channels) })
    .where("id", "=", citizen.id)
    .execute();
  return { ...current, channels: input.channels };
}
