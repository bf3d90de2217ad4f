// Reads what the build needs from the host's apt: the Debian mirror(s) and the
// kernel version the host's linux-image-amd64 currently points at.
import fs from 'node:fs';
import path from 'node:path';
import { $ } from 'zx';

const SOURCES_LIST = '/etc/apt/sources.list';
const SOURCES_DIR = '/etc/apt/sources.list.d';

/** Entries of the host's apt sources ({uri, suite, components}) for the given release. */
export function debianSources(release) {
  const wanted = new RegExp(`^${release}(-updates|-security)?$`);
  const files = [SOURCES_LIST];
  if (fs.existsSync(SOURCES_DIR)) {
    for (const f of fs.readdirSync(SOURCES_DIR).sort()) files.push(path.join(SOURCES_DIR, f));
  }
  const entries = [];
  for (const file of files) {
    if (!fs.existsSync(file)) continue;
    const text = fs.readFileSync(file, 'utf8');
    if (file.endsWith('.sources')) entries.push(...parseDeb822(text));
    else if (file.endsWith('.list') || file === SOURCES_LIST) entries.push(...parseOneLine(text));
  }
  const found = entries.filter((e) => wanted.test(e.suite));
  if (!found.some((e) => e.suite === release)) {
    throw new Error(`no "${release}" entry in the host's apt sources (${files.join(', ')}); the image is built from the host's Debian mirror`);
  }
  return found;
}

function parseOneLine(text) {
  const out = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    const m = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)\s+(.+)$/.exec(line);
    if (m) out.push({ uri: m[1], suite: m[2], components: m[3].trim().split(/\s+/) });
  }
  return out;
}

function parseDeb822(text) {
  const out = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = {};
    for (const line of stanza.split('\n')) {
      const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
      if (m && !line.startsWith('#')) fields[m[1].toLowerCase()] = m[2].trim();
    }
    if (!(fields.types ?? '').split(/\s+/).includes('deb') || fields.enabled === 'no') continue;
    const components = (fields.components ?? 'main').split(/\s+/);
    for (const uri of (fields.uris ?? '').split(/\s+/).filter(Boolean)) {
      for (const suite of (fields.suites ?? '').split(/\s+/).filter(Boolean)) {
        out.push({ uri, suite, components });
      }
    }
  }
  return out;
}

/** The ABI version of the host's current Debian kernel, e.g. "6.1.0-56-amd64". */
export async function kernelVersion(meta) {
  const depends = (await $`apt-cache depends ${meta}`.quiet().nothrow()).stdout;
  let m = /Depends:\s+linux-image-(\d\S*)/.exec(depends);
  if (!m) {
    const show = (await $`apt-cache show ${meta}`.quiet().nothrow()).stdout;
    m = /^Depends:.*?linux-image-(\d[^\s,]*)/m.exec(show);
  }
  if (!m) {
    throw new Error(`apt-cache knows no kernel behind ${meta}; run "apt-get update" on the host first`);
  }
  return m[1];
}

/** sources.list lines for the chroot, one per host entry. */
export function sourcesListText(sources) {
  return sources.map((s) => `deb ${s.uri} ${s.suite} ${s.components.join(' ')}`).join('\n') + '\n';
}
