// Prints the kiosk's Chromium managed policy for the hub page at KIOSK_URL (argument 1):
//   node chromium-policy.mjs http://localhost:8080/ > /etc/chromium/policies/managed/red-station.json
// install.sh writes it; docs/kiosk-lockdown.md says why each policy is there. Chromium reads managed policies
// from /etc/chromium/policies/managed/ (Debian's and Raspberry Pi OS's build) at start and on change.
const url = new URL(process.argv[2] ?? 'http://localhost:8080/')
if (url.protocol !== 'http:' && url.protocol !== 'https:') {
  console.error(`chromium-policy: ${url.href}: expected an http:// or https:// address`)
  process.exit(2)
}
const hosts =
  url.hostname === 'localhost' || url.hostname === '127.0.0.1' ? ['localhost', '127.0.0.1'] : [url.hostname]
const origins = hosts.map((h) => `${url.protocol}//${h}${url.port ? `:${url.port}` : ''}`)

const policy = {
  // Only the hub's own courier pages: everything else, chrome:// pages and file:// included, is blocked.
  URLBlocklist: ['*', ...origins.flatMap((o) => [`${o}/manage.html`, `${o}/docs`])],
  // about:blank: a new window or tab starts there (a blank page, no way out of it).
  URLAllowlist: [...origins, 'about:blank'],
  DeveloperToolsAvailability: 2,
  DownloadRestrictions: 3,
  AllowFileSelectionDialogs: false,
  PrintingEnabled: false,
  IncognitoModeAvailability: 1,
  BrowserGuestModeEnabled: false,
  BrowserAddPersonEnabled: false,
  DefaultPopupsSetting: 2,
  NewTabPageLocation: url.href,
  HomepageLocation: url.href,
  HomepageIsNewTabPage: false,
  RestoreOnStartup: 4,
  RestoreOnStartupURLs: [url.href],
  ExtensionInstallBlocklist: ['*'],
  PasswordManagerEnabled: false,
  AutofillAddressEnabled: false,
  AutofillCreditCardEnabled: false,
  SavingBrowserHistoryDisabled: true,
  TranslateEnabled: false,
  SpellcheckEnabled: false,
  SearchSuggestEnabled: false,
  BrowserSignin: 0,
  SyncDisabled: true,
  BookmarkBarEnabled: false,
  EditBookmarksEnabled: false,
  DefaultNotificationsSetting: 2,
  DefaultGeolocationSetting: 2,
  AudioCaptureAllowed: false,
  VideoCaptureAllowed: false,
  ScreenCaptureAllowed: false,
  TaskManagerEndProcessEnabled: false,
  BackgroundModeEnabled: false,
  MetricsReportingEnabled: false,
  PromotionalTabsEnabled: false,
  DefaultBrowserSettingEnabled: false,
  AllowDinosaurEasterEgg: false,
  CommandLineFlagSecurityWarningsEnabled: false,
}
console.log(JSON.stringify(policy, null, 2))
