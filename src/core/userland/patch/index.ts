// GNU patch 2.7.6 as Debian 12 ships it: unified, context, normal and ed diffs applied to the
// files they name, with patch's offsets and fuzz, reject files, backups and messages.
// https://www.gnu.org/software/diffutils/manual/html_node/Invoking-patch.html
export { patchPrograms } from './patch.ts';
