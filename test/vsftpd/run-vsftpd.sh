#!/usr/bin/env bash
# Runs Debian's vsftpd in the foreground with a config of ftp-doctor's own:
# anonymous read-only, listening on one address, no seccomp sandbox.
# Usage: run-vsftpd.sh --dir DIR (--listen ADDR | --listen-ipv6) [--port N] [--pasv-min N --pasv-max N]
#                      [--pasv-address ADDR] [--port-promiscuous] [--no-anonymous] [--max-per-ip N] [--idle-timeout S]
#                      [--tls] [--implicit-tls] [--no-ssl-reuse] [--large-file BYTES]
# --tls makes a self-signed certificate with openssl in DIR (nothing private is kept in the repository).
set -euo pipefail
dir="" listen="" listen6=NO port=21 pasv_min="" pasv_max="" pasv_address="" promiscuous=NO anonymous=YES max_per_ip=0 tls=NO implicit=NO reuse=YES idle_timeout=300 large_file=0
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir=$2; shift 2 ;;
    --listen) listen=$2; shift 2 ;;
    --listen-ipv6) listen6=YES; shift ;;
    --port) port=$2; shift 2 ;;
    --pasv-min) pasv_min=$2; shift 2 ;;
    --pasv-max) pasv_max=$2; shift 2 ;;
    --pasv-address) pasv_address=$2; shift 2 ;;
    --port-promiscuous) promiscuous=YES; shift ;;
    --no-anonymous) anonymous=NO; shift ;;
    --max-per-ip) max_per_ip=$2; shift 2 ;;
    --idle-timeout) idle_timeout=$2; shift 2 ;;
    --tls) tls=YES; shift ;;
    --implicit-tls) tls=YES; implicit=YES; shift ;;
    --no-ssl-reuse) reuse=NO; shift ;;
    --large-file) large_file=$2; shift 2 ;;
    *) echo "run-vsftpd.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$dir" ] && { [ -n "$listen" ] || [ "$listen6" = YES ]; } || { echo "run-vsftpd.sh: --dir and --listen (or --listen-ipv6) are required" >&2; exit 2; }
command -v vsftpd >/dev/null || [ -x /usr/sbin/vsftpd ] || { echo "run-vsftpd.sh: vsftpd is not installed (apt-get install vsftpd)" >&2; exit 2; }

mkdir -p "$dir/root/pub" "$dir/empty"
chmod 755 "$dir" "$dir/root" "$dir/root/pub"
chmod 555 "$dir/empty"
printf 'ftp-doctor test file\n' > "$dir/root/readme.txt"
chmod 644 "$dir/root/readme.txt"
if [ "$large_file" -gt 0 ]; then
  head -c "$large_file" /dev/urandom > "$dir/root/large.bin"
  chmod 644 "$dir/root/large.bin"
fi
if [ "$tls" = YES ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=ftp-doctor lab" \
    -keyout "$dir/key.pem" -out "$dir/cert.pem" >/dev/null 2>&1
  chmod 600 "$dir/key.pem"
fi
id ftp >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin ftp

{
  if [ "$listen6" = YES ]; then
    # One IPv6 socket on every address serves both families (IPv4 as v4-mapped addresses).
    echo "listen=NO"
    echo "listen_ipv6=YES"
  else
    echo "listen=YES"
    echo "listen_ipv6=NO"
    echo "listen_address=$listen"
  fi
  echo "listen_port=$port"
  echo "background=NO"
  echo "anonymous_enable=$anonymous"
  echo "anon_root=$dir/root"
  echo "no_anon_password=YES"
  echo "write_enable=NO"
  # With anonymous access off, local users stay on so that vsftpd refuses the login itself (530).
  [ "$anonymous" = YES ] && echo "local_enable=NO" || echo "local_enable=YES"
  echo "pam_service_name=vsftpd"
  echo "seccomp_sandbox=NO"
  echo "secure_chroot_dir=$dir/empty"
  echo "ftp_username=ftp"
  echo "pasv_enable=YES"
  echo "port_enable=YES"
  echo "connect_from_port_20=NO"
  echo "port_promiscuous=$promiscuous"
  echo "max_per_ip=$max_per_ip"
  echo "idle_session_timeout=$idle_timeout"
  echo "xferlog_enable=YES"
  echo "xferlog_std_format=NO"
  echo "log_ftp_protocol=YES"
  echo "vsftpd_log_file=$dir/vsftpd.log"
  echo "hide_ids=YES"
  if [ "$tls" = YES ]; then
    echo "ssl_enable=YES"
    echo "allow_anon_ssl=YES"
    echo "rsa_cert_file=$dir/cert.pem"
    echo "rsa_private_key_file=$dir/key.pem"
    echo "ssl_ciphers=HIGH"
    echo "implicit_ssl=$implicit"
    echo "require_ssl_reuse=$reuse"
  fi
  [ -n "$pasv_min" ] && echo "pasv_min_port=$pasv_min"
  [ -n "$pasv_max" ] && echo "pasv_max_port=$pasv_max"
  [ -n "$pasv_address" ] && echo "pasv_address=$pasv_address"
  true
} > "$dir/vsftpd.conf"
exec "$(command -v vsftpd || echo /usr/sbin/vsftpd)" "$dir/vsftpd.conf"
