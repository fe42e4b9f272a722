#!/usr/bin/env perl
# usergate benchmark: the real stack (MariaDB, usergate under spawn-fcgi,
# nginx) in a private directory, wrk through nginx, every row reported as
# a ratio to a floor measured in the same run.  Run by `./quickstart bench`.
#
#   bench/run.pl [--duration S] [--connections N] [--soak REQUESTS] [--out FILE]
use strict;
use warnings;
use Getopt::Long;
use File::Path qw(make_path);
use POSIX qw(strftime);
use Time::HiRes qw(sleep time);
use FindBin;
use lib "$FindBin::Bin/../t/lib";
use UG;

my $duration = 10;
my $conns = 64;
my $soak = 1_000_000;
my $out;
GetOptions('duration=i' => \$duration, 'connections=i' => \$conns,
    'soak=i' => \$soak, 'out=s' => \$out) or die "bad options\n";
my $hashrate_bin = $ENV{UG_HASHRATE} or die "UG_HASHRATE not set\n";
my $wrk = 'wrk';
my $threads_wrk = 2;

# usergate's defaults throughout: threads, hash policy, limits.
my $ug = UG->new(quiet => 1, conf => { threads => undef, log_level => 'warning' })
    ->start(how => 'spawn');
my $pid = $ug->usergate_pid;
my $dir = $ug->dir;

sub rss_kib {
	my $s = UG::slurp("/proc/$pid/status");
	my ($rss) = $s =~ /VmRSS:\s+(\d+)/;
	return $rss // 0;
}

sub lua {
	my ($name, $text) = @_;
	my $path = "$dir/$name.lua";
	UG::spew($path, $text);
	return $path;
}

sub multipart_lua {
	my ($name, $path, $fields) = @_;
	my ($body) = UG::multipart($fields, 'benchBOUNDARY');
	$body =~ s/\\/\\\\/g;
	$body =~ s/\r/\\r/g;
	$body =~ s/\n/\\n/g;
	$body =~ s/"/\\"/g;
	return lua($name, <<"EOL");
wrk.method = "POST"
wrk.path = "$path"
wrk.body = "$body"
wrk.headers["Content-Type"] = "multipart/form-data; boundary=benchBOUNDARY"
EOL
}

# Runs wrk; returns { rps, p50, p99, non2xx, errors, rss }.
sub wrk_run {
	my (%o) = @_;
	my $secs = $o{duration} // $duration;
	my @cmd = ($wrk, '-t', $threads_wrk, '-c', $o{connections} // $conns,
	    '-d', "${secs}s", '--latency', '--timeout', '30s',
	    ($o{script} ? ('-s', $o{script}) : ()), $ug->url($o{path} // '/'));
	my $text = `@cmd 2>&1`;
	my %r = (raw => $text, rss => rss_kib());
	($r{rps}) = $text =~ /Requests\/sec:\s+([\d.]+)/;
	for my $p (qw(50 99)) {
		my ($v, $u) = $text =~ /^\s+$p\.000%\s+([\d.]+)(us|ms|s)\b/m;
		($v, $u) = $text =~ /^\s+$p%\s+([\d.]+)(us|ms|s)\b/m unless defined $v;
		$r{"p$p"} = !defined $v ? undef :
		    $u eq 'us' ? $v / 1000 : $u eq 's' ? $v * 1000 : $v;
	}
	($r{non2xx}) = $text =~ /Non-2xx or 3xx responses:\s+(\d+)/;
	$r{non2xx} //= 0;
	my @e = $text =~ /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/;
	$r{errors} = 0;
	$r{errors} += $_ for @e;
	die "wrk failed: $text" unless defined $r{rps};
	return \%r;
}

# --- data --------------------------------------------------------------
print STDERR "bench: seeding users\n";
$ug->add_user('root', 'rootpw', 'admin');
$ug->add_user('alice', 'alicepw', 'user');
my ($token) = $ug->post('/login.php?mode=2', [username => 'root',
    password => 'rootpw'])->{content} =~ /"token":"(\w+)"/ or die "no token";
# 100 users in all for the short list, openids bound.
$ug->sql("INSERT INTO users (username, password_hash, role_id, openid, wechat_name) "
    . "SELECT CONCAT('user', seq), 'x', 10, CONCAT('oBENCH', LPAD(seq, 22, '0')), "
    . "CONCAT('wx', seq) FROM seq_1_to_98");
my $oid = 'oBENCH' . ('0' x 21) . '7';

my $rows = [];
sub row {
	my ($name, $r, %o) = @_;
	push @$rows, { name => $name, %$r, %o };
	printf STDERR "bench: %-34s %9.1f req/s  p50 %7.2f ms  p99 %7.2f ms  rss %6.1f MiB\n",
	    $name, $r->{rps}, $r->{p50} // -1, $r->{p99} // -1, $r->{rss} / 1024;
}

# --- rows ----------------------------------------------------------------
my $lookup = multipart_lua('mode0', '/login.php?mode=0',
    [openid => $oid, wechat_name => 'wx7']);
wrk_run(script => $lookup, duration => 3);	# warm every worker's statements

row('floor: GET /healthz', wrk_run(path => '/healthz'));
my $floor = $rows->[-1]{rps};
row('mode=0 openid lookup', wrk_run(script => $lookup));
row('mode=3&operating=1 list, 100 users', wrk_run(script =>
    multipart_lua('list', '/login.php?mode=3&operating=1', [token => $token])));

print STDERR "bench: raw hash rate\n";
my $hr = `$hashrate_bin yescrypt 0 $duration`;
my ($hash_rate) = $hr =~ /hashes\/s ([\d.]+)/ or die "hashrate: $hr";
row('mode=2 login (non-admin)', wrk_run(script =>
    multipart_lua('login', '/login.php?mode=2',
    [username => 'alice', password => 'alicepw'])), base => 'hash');
my $add = lua('add', <<'EOL');
local n = 0
local id = 0
setup = function(thread) id = id + 1; thread:set("id", id) end
request = function()
  n = n + 1
  local b = "--B\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nadd" ..
    id .. "_" .. n .. "\r\n--B\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\npw\r\n" ..
    "--B\r\nContent-Disposition: form-data; name=\"Authority\"\r\n\r\nN\r\n" ..
    "--B\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\nTOKEN\r\n--B--\r\n"
  return wrk.format("POST", "/login.php?mode=3&operating=2",
    { ["Content-Type"] = "multipart/form-data; boundary=B" }, b)
end
EOL
my $addtext = UG::slurp($add);
$addtext =~ s/TOKEN/$token/;
UG::spew($add, $addtext);
row('mode=3&operating=2 add user', wrk_run(script => $add), base => 'hash');
my $added = $ug->sql("SELECT COUNT(*) FROM users WHERE username LIKE 'add%'");

$ug->sql("DELETE FROM users WHERE username LIKE 'add%'");
$ug->sql("INSERT INTO users (username, password_hash, role_id, openid, wechat_name) "
    . "SELECT CONCAT('user', seq), 'x', 10, CONCAT('oBENCH', LPAD(seq, 22, '0')), "
    . "CONCAT('wx', seq) FROM seq_99_to_9998");
my $nusers = $ug->sql('SELECT COUNT(*) FROM users');
my $rss_before_big = rss_kib();
row("mode=3&operating=1 list, $nusers users", wrk_run(script =>
    multipart_lua('biglist', '/login.php?mode=3&operating=1', [token => $token]),
    connections => 16));
my $rss_after_big = rss_kib();

# A million requests: memory must stay flat.
my $soak_rss0 = rss_kib();
my $m0rate = $rows->[1]{rps} || 1000;
my $soak_secs = int($soak / $m0rate * 1.1) + 1;
print STDERR "bench: soak, about $soak requests ($soak_secs s)\n";
my $s = wrk_run(script => $lookup, duration => $soak_secs);
my $soak_reqs = int($s->{rps} * $soak_secs);
row("soak: mode=0 x $soak_reqs", $s);
my $soak_rss1 = rss_kib();

# --- report --------------------------------------------------------------------
my $when = strftime('%Y-%m-%d %H:%M:%S UTC', gmtime);
my $cpu = (grep { /model name/ } split /\n/, UG::slurp('/proc/cpuinfo'))[0] // '';
$cpu =~ s/.*:\s*//;
my $t = "usergate benchmark, $when\n"
    . sprintf("machine: %d CPUs, %s; wrk -t%d -c%d -d%ds through nginx\n",
    `nproc` + 0, $cpu, $threads_wrk, $conns, $duration)
    . "raw hash rate (yescrypt, default cost, all CPUs): "
    . sprintf("%.1f hashes/s\n\n", $hash_rate);
$t .= sprintf("%-36s %10s %8s %8s %8s %7s %9s %8s\n", 'row', 'req/s', 'p50 ms',
    'p99 ms', 'non-2xx', 'errors', 'rss MiB', 'ratio');
for my $r (@$rows) {
	my $base = ($r->{base} // '') eq 'hash' ? $hash_rate : $floor;
	$t .= sprintf("%-36s %10.1f %8.2f %8.2f %8d %7d %9.1f %7.2f%s\n",
	    $r->{name}, $r->{rps}, $r->{p50} // -1, $r->{p99} // -1, $r->{non2xx},
	    $r->{errors}, $r->{rss} / 1024, $r->{rps} / $base,
	    ($r->{base} // '') eq 'hash' ? 'h' : '');
}
$t .= "\nratio: to the /healthz floor; 'h': to the raw hash rate.\n";
$t .= sprintf("users added by the add row: %d\n", $added);
$t .= sprintf("rss around the %d-user list: %.1f -> %.1f MiB\n", $nusers,
    $rss_before_big / 1024, $rss_after_big / 1024);
$t .= sprintf("rss across the soak (%d requests): %.1f -> %.1f MiB\n",
    $soak_reqs, $soak_rss0 / 1024, $soak_rss1 / 1024);

$ug->stop;
print $t;
if ($out) {
	open my $fh, '>', $out or die "$out: $!";
	print $fh $t;
	close $fh;
	print STDERR "bench: written to $out\n";
}
