import { z } from 'zod';

/**
 * How readers follow the site besides feeds: an email newsletter form, posted straight to the
 * provider (Buttondown, listmonk, any form endpoint). Plain HTML, no script; the CSP's
 * `form-action` allows this one origin and nothing more.
 */
export const newsletterConfigSchema = z.strictObject({
  /** The form's action URL, e.g. "https://buttondown.com/api/emails/embed-subscribe/you". */
  action: z.url({ protocol: /^https?$/, error: 'newsletter.action must be the full http(s) URL the form posts to' }),
  /** Name of the email field the provider expects: "email" for Buttondown and listmonk. */
  emailField: z
    .string()
    .regex(/^[\w.[\]-]+$/, { error: 'newsletter.emailField must be a form field name such as "email"' })
    .default('email'),
  /** Shown to readers: "Buttondown", "listmonk"… */
  provider: z.string().trim().min(1, { error: 'newsletter.provider names the service, for example "Buttondown"' }),
  /** Extra hidden fields, e.g. `{ embed: "1" }` (Buttondown) or `{ l: "<list uuid>" }` (listmonk). */
  hidden: z.record(z.string(), z.string()).default({}),
});

export type NewsletterConfig = z.output<typeof newsletterConfigSchema>;

/** Origins the CSP `form-action` must allow: the newsletter provider's, when there is one. */
export function formActionOrigins(newsletter: NewsletterConfig | undefined): string[] {
  return newsletter ? [new URL(newsletter.action).origin] : [];
}
