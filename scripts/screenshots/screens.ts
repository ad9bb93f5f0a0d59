/**
 * HTML imitations of the iOS screens where a backup error shows (and of screens that are not about backup), for the
 * held-out screenshot set (test/fixtures/screenshots/). Each screen is a function of the theme and text size; the
 * expected route is what the bot should open for it (a cause or backup_failed from dialogs/), or none.
 */
export interface Theme {
  dark: boolean;
  /** Body text size in CSS px (17 = iOS default, 21 = a larger Dynamic Type size). */
  textPx: number;
}

export interface Screen {
  kind: string;
  /** The route the bot should take; 'none' for the images that are not about backup. */
  expectedRoute: string;
  html: (theme: Theme) => string;
}

const palette = (dark: boolean) =>
  dark
    ? { bg: '#000', group: '#1c1c1e', text: '#fff', secondary: '#8e8e93', blue: '#0a84ff', sep: '#38383a', alert: '#2c2c2e', grey: '#5a5a5e' }
    : { bg: '#f2f2f7', group: '#fff', text: '#000', secondary: '#6d6d72', blue: '#007aff', sep: '#c6c6c8', alert: '#f2f2f2', grey: '#b0b0b5' };

function page(theme: Theme, body: string, extraCss = ''): string {
  const c = palette(theme.dark);
  return `<!doctype html><html><head><meta charset="utf-8"><style>
  * { box-sizing: border-box; }
  body { margin: 0; background: ${c.bg}; color: ${c.text}; font-family: -apple-system, "Helvetica Neue", "DejaVu Sans", Arial, sans-serif; font-size: ${theme.textPx}px; }
  .status { display: flex; justify-content: space-between; padding: 14px 28px 6px; font-weight: 600; font-size: 16px; }
  .nav { padding: 6px 16px; color: ${c.blue}; }
  h1 { font-size: ${Math.round(theme.textPx * 1.9)}px; margin: 6px 16px 14px; }
  .group { background: ${c.group}; border-radius: 10px; margin: 0 16px 8px; }
  .row { padding: 11px 16px; border-bottom: 1px solid ${c.sep}; display: flex; justify-content: space-between; }
  .row:last-child { border-bottom: none; }
  .blue { color: ${c.blue}; } .grey { color: ${c.grey}; }
  .foot { color: ${c.secondary}; font-size: ${Math.round(theme.textPx * 0.8)}px; margin: 4px 32px 22px; line-height: 1.35; }
  .toggle { width: 51px; height: 31px; border-radius: 16px; background: #34c759; }
  .dim { position: fixed; inset: 0; background: rgba(0,0,0,0.35); }
  .alert { position: fixed; left: 50%; top: 40%; transform: translate(-50%, -50%); width: 270px; background: ${c.alert}; border-radius: 14px; text-align: center; }
  .alert .t { font-weight: 600; padding: 18px 16px 2px; }
  .alert .m { font-size: ${Math.round(theme.textPx * 0.78)}px; padding: 2px 16px 18px; line-height: 1.3; }
  .alert .b { display: flex; border-top: 1px solid ${c.sep}; color: ${c.blue}; }
  .alert .b div { flex: 1; padding: 11px; } .alert .b div + div { border-left: 1px solid ${c.sep}; font-weight: 600; }
  .banner { margin: 10px 10px; padding: 12px 14px; border-radius: 18px; background: ${theme.dark ? 'rgba(60,60,62,0.95)' : 'rgba(245,245,245,0.95)'}; }
  .banner .app { font-size: 13px; color: ${c.secondary}; display: flex; justify-content: space-between; }
  .banner .t { font-weight: 600; margin-top: 4px; } .banner .m { font-size: ${Math.round(theme.textPx * 0.85)}px; }
  .lock { text-align: center; font-size: 80px; font-weight: 300; margin: 30px 0 4px; }
  .bar { height: 22px; border-radius: 6px; background: ${c.sep}; overflow: hidden; display: flex; margin: 8px 0; }
  ${extraCss}
  </style></head><body><div class="status"><span>9:41</span><span>●●● 5G ▮</span></div>${body}</body></html>`;
}

const settingsBackup = (t: Theme, note: string, backUpNow: 'active' | 'greyed') =>
  page(t, `<div class="nav">‹ iCloud</div><h1>iCloud Backup</h1>
  <div class="group"><div class="row"><span>Back Up This iPhone</span><span class="toggle"></span></div></div>
  <div class="foot">Automatically back up your iPhone, such as accounts, documents, Health data, Home configuration and settings, when this iPhone is connected to power, locked, and connected to Wi-Fi.</div>
  <div class="group"><div class="row"><span class="${backUpNow === 'active' ? 'blue' : 'grey'}">Back Up Now</span></div></div>
  <div class="foot">${note}</div>
  <div class="group"><div class="row"><span>All Device Backups</span><span class="grey">›</span></div></div>`);

const alertOver = (t: Theme, title: string, message: string, buttons: [string, string]) =>
  page(t, `<div class="nav">‹ Settings</div><h1>Apple Account</h1>
  <div class="group"><div class="row"><span>iCloud</span><span class="grey">›</span></div><div class="row"><span>Media &amp; Purchases</span><span class="grey">›</span></div><div class="row"><span>Find My</span><span class="grey">›</span></div></div>
  <div class="dim"></div><div class="alert"><div class="t">${title}</div><div class="m">${message}</div><div class="b"><div>${buttons[0]}</div><div>${buttons[1]}</div></div></div>`);

const lockBanner = (t: Theme, app: string, title: string, message: string) =>
  page(t, `<div class="lock">9:41</div><div style="text-align:center">Monday 9 June</div><div style="height:120px"></div>
  <div class="banner"><div class="app"><span>${app}</span><span>now</span></div><div class="t">${title}</div><div class="m">${message}</div></div>`);

export const BACKUP_SCREENS: Screen[] = [
  { kind: 'icloud_backup_failed', expectedRoute: 'backup_failed', html: (t) => settingsBackup(t, 'The last backup could not be completed.', 'active') },
  {
    kind: 'not_enough_storage_alert',
    expectedRoute: 'storage_full',
    html: (t) => alertOver(t, 'Not Enough Storage', 'This iPhone cannot be backed up because there is not enough iCloud storage available.<br><br>You can manage your storage in Settings.', ['Close', 'Settings']),
  },
  {
    kind: 'manage_storage_full',
    expectedRoute: 'storage_full',
    html: (t) =>
      page(t, `<div class="nav">‹ Apple Account</div><h1>iCloud</h1><div class="group"><div class="row" style="display:block"><div>Storage</div>
      <div class="bar"><div style="width:55%;background:#ff9500"></div><div style="width:30%;background:#ffcc00"></div><div style="width:15%;background:#af52de"></div></div>
      <div class="grey">iCloud Storage is Full · 50 GB of 50 GB Used</div></div><div class="row"><span class="blue">Manage Account Storage</span></div></div>
      <div class="foot">Your iCloud storage is full. This iPhone can't be backed up until you free up space or upgrade.</div>`),
  },
  { kind: 'back_up_now_greyed', expectedRoute: 'network_unstable', html: (t) => settingsBackup(t, 'Connect to a Wi-Fi network to back up this iPhone.', 'greyed') },
  {
    kind: 'network_error_alert',
    expectedRoute: 'network_unstable',
    html: (t) => alertOver(t, 'Backup Failed', 'The last backup could not be completed because the network connection was lost.', ['OK', 'Settings']),
  },
  {
    kind: 'storage_full_banner',
    expectedRoute: 'storage_full',
    html: (t) => lockBanner(t, 'SETTINGS', 'iCloud Storage Is Full', "This iPhone can't be backed up because your iCloud storage is full."),
  },
  {
    kind: 'not_backed_up_banner',
    expectedRoute: 'backup_failed',
    html: (t) => lockBanner(t, 'SETTINGS', 'iPhone Not Backed Up', "This iPhone hasn't been backed up in 3 weeks. Backups happen when this iPhone is connected to power, locked, and on Wi-Fi."),
  },
  {
    kind: 'apple_id_verification',
    expectedRoute: 'apple_id',
    html: (t) => alertOver(t, 'Apple ID Verification', 'Enter the password for j•••••@icloud.com in Settings. iCloud Backup could not sign in.', ['Not Now', 'Settings']),
  },
];

const cat = `<svg viewBox="0 0 200 200" width="100%"><circle cx="100" cy="115" r="60" fill="#e0a060"/><polygon points="50,80 62,20 95,60" fill="#e0a060"/><polygon points="150,80 138,20 105,60" fill="#e0a060"/>
<circle cx="78" cy="105" r="9" fill="#222"/><circle cx="122" cy="105" r="9" fill="#222"/><polygon points="92,125 108,125 100,135" fill="#d66"/>
<line x1="40" y1="128" x2="85" y2="132" stroke="#333"/><line x1="115" y1="132" x2="160" y2="128" stroke="#333"/></svg>`;

/** Ten images that are not about backup: none may open a walk. */
export const OTHER_SCREENS: Screen[] = [
  { kind: 'other_cat_drawing', expectedRoute: 'none', html: () => `<body style="margin:0;background:#9fd3f0">${cat}</body>` },
  { kind: 'other_blank_white', expectedRoute: 'none', html: () => '<body style="background:#fff"></body>' },
  { kind: 'other_blank_black', expectedRoute: 'none', html: () => '<body style="background:#000"></body>' },
  { kind: 'other_messages', expectedRoute: 'none', html: (t) => page(t, '<h1>Messages</h1><div class="group"><div class="row">Mum: Dinner at 7? Bring the salad please</div><div class="row">Alex: See you at the station tomorrow</div><div class="row">Sam: Happy birthday!!</div></div>') },
  { kind: 'other_weather', expectedRoute: 'none', html: (t) => page(t, '<h1>London</h1><div style="font-size:80px;margin-left:16px">18°</div><div class="foot">Partly cloudy. Highs of 21°, lows of 12°. Light rain expected this evening.</div>') },
  { kind: 'other_calculator', expectedRoute: 'none', html: () => '<body style="background:#000;color:#fff;font:90px sans-serif;text-align:right;padding:200px 20px">1,234.5<div style="font-size:40px">AC ± % ÷ 7 8 9 × 4 5 6 − 1 2 3 +</div></body>' },
  { kind: 'other_music', expectedRoute: 'none', html: (t) => page(t, '<h1>Listen Now</h1><div class="group"><div class="row">Top Picks for You</div><div class="row">Recently Played</div><div class="row">Chill Mix · Updated Friday</div></div>') },
  { kind: 'other_maps', expectedRoute: 'none', html: (t) => page(t, '<div style="height:500px;background:#cfe8c8"></div><div class="group"><div class="row">Coffee shops nearby</div><div class="row">Directions to Work · 23 min</div></div>') },
  { kind: 'other_shopping_list', expectedRoute: 'none', html: (t) => page(t, '<h1>Reminders</h1><div class="group"><div class="row">Milk</div><div class="row">Eggs</div><div class="row">Call the plumber</div><div class="row">Book dentist</div></div>') },
  { kind: 'other_photos', expectedRoute: 'none', html: (t) => page(t, '<h1>Library</h1><div style="display:grid;grid-template-columns:repeat(3,1fr);gap:2px">' + Array.from({ length: 18 }, (_, i) => `<div style="height:120px;background:hsl(${i * 20},60%,60%)"></div>`).join('') + '</div>') },
];
