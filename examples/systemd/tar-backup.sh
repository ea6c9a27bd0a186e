#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# tar-backup.sh: archives $BACKUP_SRC into $STATE_DIRECTORY (which systemd
# sets from StateDirectory=) as NAME-DATE.tar.gz, and keeps the newest
# $KEEP archives. Install it as /usr/local/libexec/tar-backup.sh.
set -eu
src=${BACKUP_SRC:-/etc}
dest=${STATE_DIRECTORY:-/var/lib/tar-backup}
keep=${KEEP:-7}
name=$(basename "$src")-$(date +%Y%m%d-%H%M%S).tar.gz

tar -C "$src" -czf "$dest/.$name.part" .
mv "$dest/.$name.part" "$dest/$name"
ls -1t "$dest"/*.tar.gz | tail -n +$((keep + 1)) | while read -r old; do
	rm -f -- "$old"
done
echo "archived $src as $dest/$name"
