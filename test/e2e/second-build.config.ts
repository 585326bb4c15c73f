// The site as a second deployment would build it (site-update.e2e.ts): the same sources and
// configuration, with the page marked, so its files and its service worker differ from dist/'s.
import { mergeConfig, type Plugin } from 'vite';
import site from '../../vite.config.ts';

const marked: Plugin = {
  name: 'wharf-second-build',
  transformIndexHtml: (html) => html.replace('</head>', '  <meta name="wharf-second-build" />\n  </head>'),
};

export default mergeConfig(site, { plugins: [marked] });
