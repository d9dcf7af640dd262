import { plainAddPlaceholder } from "@signpdf/placeholder-plain";
import { SignPdf } from "@signpdf/signpdf";
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from "@signpdf/utils";
import { addSignatureAppearance } from "./appearance.js";
import { cadesDetached, type SigningKey, sha256, type TimeStamper } from "./cms.js";

/**
 * PAdES signatures (ETSI EN 319 142; baseline B-B, and B-T with a time stamp): a signature field and widget are
 * added to the PDF as an incremental update (earlier signatures stay valid), then the CAdES-detached CMS over the
 * byte range goes into its /Contents. The signing time goes into the signature dictionary (/M), as PAdES requires.
 */

export interface PadesOptions {
  key: SigningKey;
  /** RFC 3161 time stamper; without it the signature is B-B (no trusted time). */
  timeStamp?: TimeStamper;
  /** Signer's name as shown by viewers. */
  name: string;
  reason: string;
  location: string;
  contactInfo?: string;
  signingTime?: Date;
  /**
   * The visible signature block on the first page: [x1, y1, x2, y2] in PDF points from the bottom left. The
   * document's renderer draws the block's text there (signer, unit, time); the widget makes it the signature.
   */
  widgetRect?: [number, number, number, number];
  /**
   * Lines of text for the visible signature block drawn in `widgetRect` as the widget's appearance (signer, title,
   * unit, time); without it the renderer is expected to have drawn the block.
   */
  appearance?: string[];
}

/** Room reserved for the CMS (bytes): a 2-certificate chain, the signature and a time-stamp token fit with margin. */
const SIGNATURE_BYTES = 24 * 1024;

class CadesSigner extends Signer {
  constructor(
    private readonly key: SigningKey,
    private readonly timeStamp?: TimeStamper,
  ) {
    super();
  }
  override async sign(data: Buffer): Promise<Buffer> {
    return Buffer.from(await cadesDetached(sha256(data), this.key, this.timeStamp));
  }
}

export async function signPdf(pdf: Buffer, o: PadesOptions): Promise<Buffer> {
  const withField = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: o.reason,
    contactInfo: o.contactInfo ?? "",
    name: o.name,
    location: o.location,
    signingTime: o.signingTime ?? new Date(),
    signatureLength: SIGNATURE_BYTES,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    widgetRect: o.widgetRect ?? [0, 0, 0, 0],
    appName: "motcua",
  });
  const visible =
    o.appearance?.length && o.widgetRect ? addSignatureAppearance(withField, o.appearance, o.widgetRect) : withField;
  return new SignPdf().sign(visible, new CadesSigner(o.key, o.timeStamp));
}
