#!/usr/bin/env perl
# usergate benchmark: the real stack (MariaDB, usergate under spawn-fcgi,
# nginx) in a private directory, wrk through nginx, every row reported as
# a ratio to a floor measured in the same run.  Run by `./quickstart bench`.
#
#   bench/run.pl [--duration S] [--rounds N] [--connections N]
#                [--soak REQUESTS] [--out FILE]
#
# BENCH_ONLY=REGEX measures only the rows whose names match (and the
# floor and the references, and the hash rate where a row is compared
# with it), for work on one row; the full table is what
# docs/PERFORMANCE.md records.
#
# A shared or virtual machine drifts by tens of percent from one minute to
# the next, so the fast rows are measured in rounds, each row right after
# the floor it is compared with, and the median of the rounds is reported;
# likewise each login round right after a raw hash-rate round.  Next to
# the speed, the CPU time that nginx, usergate and MariaDB spend per
# request shows where the time goes, and from it the ceiling MariaDB's
# share alone puts on a row.
use strict;
use warnings;
use Getopt::Long;
use POSIX qw(strftime);
use Time::HiRes qw(sleep time);
use FindBin;
use lib "$FindBin::Bin/../t/lib";
use UG;

my $duration = 10;
my $rounds = 3;
my $conns = 64;
my $soak = 1_000_000;
my $out;
GetOptions('duration=i' => \$duration, 'rounds=i' => \$rounds,
    'connections=i' => \$conns, 'soak=i' => \$soak, 'out=s' => \$out)
    or die "bad options\n";
$rounds = 1 if $rounds < 1;
my $hashrate_bin = $ENV{UG_HASHRATE} or die "UG_HASHRATE not set\n";
(my $trivial_bin = $hashrate_bin) =~ s/hashrate$/trivial/;
my $wrk = 'wrk';
my $threads_wrk = 2;
my $ncpu = `nproc` + 0 || 1;
my $hz = POSIX::sysconf(POSIX::_SC_CLK_TCK()) || 100;
my $only = $ENV{BENCH_ONLY};
sub wanted { !defined $only || $_[0] =~ /^(floor|reference)/ || $_[0] =~ /$only/ }

# usergate's defaults throughout (threads, hash policy, limits); nginx
# with a worker per CPU, as Debian's nginx.conf has it, and no access log.
my $ug = UG->new(quiet => 1, no_tap => 1, nginx_workers => 'auto',
    nginx_extra => sub { "    location = /trivial { fastcgi_pass "
	. "unix:$_[0]/trivial.sock; }\n" },
    conf => { threads => undef, log_level => 'warning' })
    ->start(how => 'spawn');
my $pid = $ug->usergate_pid;
my $dir = $ug->dir;
my ($threads) = ($ug->cli(undef, 'check-config'))[1] =~ /^threads\s*=\s*(\d+)/m
    or die "bench: no threads in check-config\n";

# The reference responder: as many one-request-at-a-time processes as
# usergate has threads.  It runs as www-data, so it runs from a copy in
# the stack's directory, not from the checkout (which may be under 0700).
system('cp', $trivial_bin, "$dir/trivial") == 0 or die "bench: cp trivial\n";
chmod 0755, "$dir/trivial";
$trivial_bin = "$dir/trivial";
system(join(' ', map { quotemeta } $UG::SPAWN, '-s', "$dir/trivial.sock",
    '-M', '0660', '-F', $threads, '-P', "$dir/trivial.pid",
    ($UG::IS_ROOT ? ('-u', $UG::RUN_AS, '-g', $UG::RUN_AS, '-U', $UG::RUN_AS,
    '-G', $UG::RUN_AS) : ()), '--', $trivial_bin)
    . ' >/dev/null') == 0 or die "bench: spawn-fcgi trivial failed\n";
END { kill 'TERM', split /\s+/, UG::slurp("$dir/trivial.pid")
    if $dir && -e "$dir/trivial.pid" }

sub rss_kib {
	my $s = UG::slurp("/proc/$pid/status");
	my ($rss) = $s =~ /VmRSS:\s+(\d+)/;
	return $rss // 0;
}

# CPU ticks so far: nginx's workers, usergate, MariaDB, and the whole
# machine (busy, not counting steal).
sub ticks {
	my %t;
	my $proc = sub { my @f = split ' ', (UG::slurp("/proc/$_[0]/stat") =~
	    /\)\s+(.*)/)[0]; return $f[11] + $f[12] };
	my $ngx = $ug->{pids}{nginx};
	for my $w (split ' ', UG::slurp("/proc/$ngx/task/$ngx/children")) {
		$t{nginx} += $proc->($w);
	}
	$t{usergate} = $proc->($pid);
	$t{mariadb} = $proc->($ug->db->{pid});
	my @c = split ' ', (split /\n/, UG::slurp('/proc/stat'))[0];
	$t{all} = $c[1] + $c[2] + $c[3] + $c[6] + $c[7];
	return \%t;
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

# Runs wrk; returns { rps, p50, p99, non2xx, errors, rss, cpu => {...} }.
sub wrk_run {
	my (%o) = @_;
	my $secs = $o{duration} // $duration;
	my @cmd = ($wrk, '-t', $threads_wrk, '-c', $o{connections} // $conns,
	    '-d', "${secs}s", '--latency', '--timeout', '30s',
	    ($o{script} ? ('-s', $o{script}) : ()), $ug->url($o{path} // '/'));
	my $t0 = ticks();
	my $text = `@cmd 2>&1`;
	my $t1 = ticks();
	my %r = (raw => $text, rss => rss_kib());
	($r{rps}) = $text =~ /Requests\/sec:\s+([\d.]+)/;
	my ($n) = $text =~ /(\d+) requests in/;
	die "wrk failed: $text" unless defined $r{rps} && $n;
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
	$r{cpu}{$_} = ($t1->{$_} - $t0->{$_}) / $hz * 1e6 / $n for keys %$t0;
	return \%r;
}

sub median {
	my @v = sort { $a <=> $b } grep { defined } @_;
	return undef unless @v;
	return @v % 2 ? $v[$#v / 2] : ($v[@v / 2 - 1] + $v[@v / 2]) / 2;
}

# Folds the rounds of a row into one: medians, sums of failures, the
# largest RSS; the ratio is the median of each round's ratio to its base.
sub fold {
	my ($name, $runs, $bases, %o) = @_;
	my %r = (name => $name, %o);
	for my $k (qw(rps p50 p99)) {
		$r{$k} = median(map { $_->{$k} } @$runs);
	}
	$r{$_} = 0 for qw(non2xx errors rss);
	for my $x (@$runs) {
		$r{$_} += $x->{$_} for qw(non2xx errors);
		$r{rss} = $x->{rss} if $x->{rss} > $r{rss};
	}
	for my $k (qw(nginx usergate mariadb all)) {
		$r{cpu}{$k} = median(map { $_->{cpu}{$k} } @$runs);
	}
	$r{ratio} = median(map { $runs->[$_]{rps} / $bases->[$_] } 0 .. $#$runs);
	return \%r;
}

# A row's ratio to its ceiling, each round against the floor of the same
# round (its ratio, and its ceiling from that floor's CPU and the row's
# MariaDB CPU of the round): the median, the lowest and the highest.
# The same quotient from the folded medians mixed a ratio of one round
# with the CPU of another, and moved by a tenth between runs.
sub of_ceil_rounds {
	my ($r, $runs, $floor_runs) = @_;
	my @q;
	for my $i (0 .. $#$runs) {
		my ($x, $f) = ($runs->[$i], $floor_runs->[$i]);
		my $fc = $f->{cpu}{all};
		next unless $fc > 0 && $f->{rps} > 0;
		push @q, $x->{rps} / $f->{rps} * ($fc + $x->{cpu}{mariadb}) / $fc;
	}
	return unless @q;
	@q = sort { $a <=> $b } @q;
	$r->{of_ceil} = median(@q);
	$r->{of_ceil_range} = [ $q[0], $q[-1] ];
}

sub progress {
	my ($name, $r) = @_;
	printf STDERR "bench: %-34s %9.1f req/s  p99 %7.2f ms\n", $name,
	    $r->{rps}, $r->{p99} // -1;
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

my $lookup = multipart_lua('mode0', '/login.php?mode=0',
    [openid => $oid, wechat_name => 'wx7']);
my $list = multipart_lua('list', '/login.php?mode=3&operating=1',
    [token => $token]);
# Round-robin over 64 users with alice's password (the ppl users made for
# the hash rounds): 64 logins of one name at once would meet the
# per-username throttle, which counts an attempt before its hash.
my $login = lua('login', <<'EOL');
local n = 0
request = function()
  n = n + 1
  local b = "--B\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nppl" ..
    (n % 64 + 1) .. "\r\n--B\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\nalicepw\r\n--B--\r\n"
  return wrk.format("POST", "/login.php?mode=2",
    { ["Content-Type"] = "multipart/form-data; boundary=B" }, b)
end
EOL
my $add = lua('add', <<"EOL");
local n = 0
local id = 0
setup = function(thread) id = id + 1; thread:set("id", id) end
request = function()
  n = n + 1
  local b = "--B\\r\\nContent-Disposition: form-data; name=\\"username\\"\\r\\n\\r\\nadd" ..
    id .. "_" .. n .. "\\r\\n--B\\r\\nContent-Disposition: form-data; name=\\"password\\"\\r\\n\\r\\npw\\r\\n" ..
    "--B\\r\\nContent-Disposition: form-data; name=\\"Authority\\"\\r\\n\\r\\nN\\r\\n" ..
    "--B\\r\\nContent-Disposition: form-data; name=\\"token\\"\\r\\n\\r\\n$token\\r\\n--B--\\r\\n"
  return wrk.format("POST", "/login.php?mode=3&operating=2",
    { ["Content-Type"] = "multipart/form-data; boundary=B" }, b)
end
EOL

# AList's rows: its login (JSON, as its clients post it) and its admin
# list of 100 with the token raw in Authorization, as AList's page sends it.
my ($al_token) = $ug->http('POST', '/api/auth/login', headers =>
    { 'Content-Type' => 'application/json' },
    content => '{"username":"root","password":"rootpw"}')->{content} =~
    /"token":"(\w+)"/ or die "bench: no AList token\n";
my $al_list = lua('al_list', <<"EOL");
wrk.method = "GET"
wrk.path = "/api/admin/user/list?per_page=100"
wrk.headers["Authorization"] = "$al_token"
EOL

# Warm every worker's statements; check the answers are the real ones.
wrk_run(script => $lookup, duration => 3);
my %want = ('/login.php?mode=0' => [ [openid => $oid, wechat_name => 'wx7'],
    qr/^1$/ ], '/login.php?mode=3&operating=1' => [ [token => $token],
    qr/^\{"users":\[(\{[^{}]*\},){99}\{[^{}]*\}\]\}$/ ]);
# Each list row's answer size, for the ceiling with its bytes (below).
my %bytes = ('floor: GET /healthz' => length($ug->http('GET', '/healthz')->{content}));
for my $path (sort keys %want) {
	my $c = $ug->post($path, $want{$path}[0])->{content};
	$bytes{'mode=3&operating=1 list, 100 users'} = length $c
	    if $path =~ /mode=3/;
	die "bench: $path answers $c\n" unless $c =~ $want{$path}[1];
}
{
	my $c = $ug->http('GET', '/api/admin/user/list?per_page=100',
	    headers => { Authorization => $al_token })->{content};
	$bytes{'alist list?per_page=100'} = length $c;
	die "bench: the AList list answers $c\n" unless $c =~
	    /^\{"code":200,"message":"success","data":\{"content":\[(\{[^{}]*\},){99}\{[^{}]*\}\],"total":100\}\}$/;
}
die "bench: /trivial does not answer\n"
    unless $ug->http('GET', '/trivial')->{content} eq "ok\n";

# --- adminsys: a window of 100 with the session cookie ------------------------
# The admin page's own way in: /admin/login sets the cookie, and the list
# is asked for with nothing but that cookie.
my $as_list;
{
	my $rootid = $ug->sql("SELECT id FROM users WHERE username = 'root'");
	my $r = $ug->post('/admin/login', [user_id => $rootid,
	    password => 'rootpw']);
	my ($cookie) = ($r->{headers}{'set-cookie'} // '') =~
	    /^usergate_session=(\w+);/ or die "bench: /admin/login: no cookie\n";
	my $c = $ug->http('POST', '/admin/getUserListWithLimit',
	    content => 'left=1&right=100', headers => { 'Content-Type' =>
	    'application/x-www-form-urlencoded',
	    Cookie => "usergate_session=$cookie" })->{content};
	die "bench: /admin/getUserListWithLimit answers $c\n"
	    unless $c =~ /^\{"code":1,.*"list_size":100\}\}$/;
	$bytes{'adminsys getUserListWithLimit, 100'} = length $c;
	$as_list = lua('adminsys_list', <<"EOL");
wrk.method = "POST"
wrk.path = "/admin/getUserListWithLimit"
wrk.body = "left=1&right=100"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "usergate_session=$cookie"
EOL
}

# --- proxypool (issue 11): its login and its list, JSON and Authorization -----
# /userlist as the super admin: every normal user (the 99 general users
# above; the 100th user of login.php's list is root itself).
my $pp_list = lua('pp_userlist', <<"EOL");
wrk.method = "GET"
wrk.path = "/userlist"
wrk.headers["Authorization"] = "$token"
EOL
# /login round-robin over 64 users with alice's password (made for the
# hash rounds only): one name per connection or so, as real logins are,
# where 64 at once of one name would meet the per-username throttle.
my $pp_login = lua('pp_login', <<'EOL');
local n = 0
request = function()
  n = n + 1
  local b = '{"username":"ppl' .. (n % 64 + 1) .. '","password":"alicepw"}'
  return wrk.format("POST", "/login",
    { ["Content-Type"] = "application/json" }, b)
end
EOL
{
	my $r = $ug->http('GET', '/userlist', headers => { Authorization => $token });
	$bytes{'proxypool GET /userlist, 99 users'} = length $r->{content};
	die "bench: /userlist answers $r->{status} $r->{content}\n"
	    unless $r->{status} == 200 &&
	    $r->{content} =~ /^\{"data":\[(\{[^{}]*\},){98}\{[^{}]*\}\]\}\n$/;
	$r = $ug->post('/login', [username => 'alice', password => 'alicepw'],
	    enc => 'json');
	die "bench: /login answers $r->{content}\n"
	    unless $r->{content} =~ /^\{"Authorization":"[0-9a-f]{32}"\}\n$/;
}

# --- the fast rows, in rounds ------------------------------------------------
my @fast = (
	[ 'floor: GET /healthz', path => '/healthz' ],
	[ 'reference: trivial libfcgi, no keep', path => '/trivial' ],
	[ 'reference: trivial, 32 KiB answers', path => '/trivial?bytes=32768' ],
	[ 'mode=0 openid lookup', script => $lookup ],
	[ 'mode=3&operating=1 list, 100 users', script => $list ],
	[ 'adminsys getUserListWithLimit, 100', script => $as_list ],
	[ 'proxypool GET /userlist, 99 users', script => $pp_list ],
	[ 'alist list?per_page=100', script => $al_list ],
);
@fast = grep { wanted($_->[0]) } @fast;
my (%runs, @floors);
for my $round (1 .. $rounds) {
	print STDERR "bench: round $round of $rounds\n";
	for my $f (@fast) {
		my ($name, %o) = @$f;
		my $r = wrk_run(%o);
		push @{ $runs{$name} }, $r;
		progress($name, $r);
	}
}
@floors = map { $_->{rps} } @{ $runs{$fast[0][0]} };
my @rows = map { fold($_->[0], $runs{$_->[0]}, \@floors) } @fast;
my $floor = $rows[0];
of_ceil_rounds($rows[$_], $runs{$fast[$_][0]}, $runs{$fast[0][0]})
    for 1 .. $#fast;

# --- password rows, each round after a raw hash-rate round -------------------
# Users PREFIX.N for N in FROM..TO with role ROLE_ID and the password of
# user LIKE: its hash, and its verifiers of pre-hashed passwords (LIKE's
# logins made them), or each first login would hash twice.
sub clone_users {
	my ($like, $prefix, $from, $to, $role_id) = @_;
	$ug->sql("INSERT INTO users (username, password_hash, role_id) "
	    . "SELECT CONCAT('$prefix', seq), (SELECT password_hash FROM "
	    . "users WHERE username = '$like'), $role_id FROM "
	    . "seq_${from}_to_$to");
	$ug->sql("INSERT INTO password_verifiers (user_id, scheme, hash) "
	    . "SELECT u.id, v.scheme, v.hash FROM users u JOIN "
	    . "password_verifiers v ON v.user_id = (SELECT id FROM users "
	    . "WHERE username = '$like') WHERE u.username REGEXP "
	    . "'^$prefix\[0-9]+\$' AND u.username <> '$like'");
}
my (@hash, @logins, @adds, @pp_logins);
clone_users('alice', 'ppl', 1, 64, 10);
# AList's login: a user per connection, so that the per-username
# throttle (5 attempts in flight count as 5) never refuses a right
# password here; one hash made, shared by all.
$ug->add_user('al1', 'alpw', 'user');
clone_users('al1', 'al', 2, $conns, 10) if $conns > 1;
my $al_login = lua('al_login', <<"EOL");
local n = 0
request = function()
  n = n + 1
  return wrk.format("POST", "/api/auth/login",
    { ["Content-Type"] = "application/json" },
    '{"username":"al' .. (n % $conns + 1) .. '","password":"alpw"}')
end
EOL
# Its answer is the real one.
{
	my $c = $ug->http('POST', '/api/auth/login', headers =>
	    { 'Content-Type' => 'application/json' },
	    content => '{"username":"al1","password":"alpw"}')->{content};
	die "bench: the AList login answers $c\n" unless $c =~ /"token":"\w{32}"/;
}
my @al_logins;
# The rows against the hash rate, in their order in a round: name, wrk
# script, runs, and whether the failures an earlier row left (the
# address's count) are cleared first.
my @hash_table = (
	[ 'alist /api/auth/login', $al_login, \@al_logins, 1 ],
	[ 'mode=2 login (non-admin)', $login, \@logins, 0 ],
	[ 'proxypool POST /login', $pp_login, \@pp_logins, 1 ],
	[ 'mode=3&operating=2 add user', $add, \@adds, 0 ],
);
my @hash_rows = grep { wanted($_->[0]) } @hash_table;
# The raw hash rate, measured now (and kept for the report).
sub hash_rate_now {
	my $hr = `$hashrate_bin yescrypt 0 $duration`;
	my ($rate) = $hr =~ /hashes\/s ([\d.]+)/ or die "hashrate: $hr";
	push @hash, $rate;
	return $rate;
}
# Adds still queued when wrk stopped finish first (a hash each), so that
# what comes next does not share the CPU with them.
sub settle_adds {
	my $prev = -1;
	for (1 .. 60) {
		my $c = $ug->sql("SELECT COUNT(*) FROM users WHERE username LIKE 'add%'");
		last if $c == $prev;
		$prev = $c;
		sleep 2;
	}
}
# Waits (30 s at most) until usergate has been idle for a quarter of a
# second: the logins a wrk run leaves in flight when it stops (one a
# hash slot, more queued in usergate and nginx, half a second of work)
# finish before the next measurement, not during it.  Without it the
# second and third login rows of a round read 5-8% below the first.
sub settle_usergate {
	for (1 .. 120) {
		my $t0 = ticks()->{usergate};
		sleep 0.25;
		last if ticks()->{usergate} - $t0 <= 1;
	}
}
# Each round's logins are compared with the mean of the hash rate just
# before and just after them: the machine drifts by tens of percent
# from one minute to the next, and a rate from before alone carries all
# of the drift into the ratio.
my (@hash_base, $h_prev);
for my $round (@hash_rows ? 1 .. $rounds : ()) {
	print STDERR "bench: hash round $round of $rounds\n";
	my $h0 = $h_prev // hash_rate_now();
	for my $row (@hash_table) {
		my ($name, $script, $runs, $clear) = @$row;
		next unless wanted($name);
		$ug->sql("DELETE FROM login_failures") if $clear;
		push @$runs, wrk_run(script => $script);
		progress($name, $runs->[-1]);
		settle_usergate();
	}
	settle_adds() if @adds;
	$h_prev = hash_rate_now();
	push @hash_base, ($h0 + $h_prev) / 2;
}
$ug->sql("DELETE FROM users WHERE username LIKE 'ppl%'");
# The later rows count their users: the AList login's are gone too.
$ug->sql("DELETE FROM users WHERE username REGEXP '^al[0-9]+\$'");
for my $row (@hash_table[1, 3, 2, 0]) {	# the report's order, as before
	push @rows, fold($row->[0], $row->[2], \@hash_base, base => 'hash')
	    if @{ $row->[2] };
}
my $added = $ug->sql("SELECT COUNT(*) FROM users WHERE username LIKE 'add%'");

# --- backstage (Django): its list of the 100 users against the floor, ----------
# --- login_admin (a super admin's login, with its session) against the hash rate -
# The list shows the 99 users below super admin, every field of each read
# from the store, in Django's bytes.
{
	settle_adds();
	$ug->sql("DELETE FROM users WHERE username LIKE 'add%'");
	my $bs_list = lua('bs_list', <<"EOL");
wrk.method = "GET"
wrk.path = "/backstage/get_user_information/"
wrk.headers["token"] = "$token"
EOL
	# 32 super admins with root's password, taken in turn: each name has
	# fewer logins in flight than login_fail_user, so the throttle (which
	# counts a name's attempts before their hash) refuses none of them.
	# The rows before leave the address's window full: cleared, as an
	# operator clears it.
	clone_users('root', 'bsadm', 0, 31, 1);
	$ug->sql("DELETE FROM login_failures");
	my $bs_login = lua('bs_login', <<'EOL');
local n = 0
request = function()
  n = n + 1
  local b = "--B\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nbsadm" ..
    (n % 32) .. "\r\n--B\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\nrootpw\r\n--B--\r\n"
  return wrk.format("POST", "/backstage/login_admin/",
    { ["Content-Type"] = "multipart/form-data; boundary=B" }, b)
end
EOL
	my $c = $ug->http('GET', '/backstage/get_user_information/',
	    headers => { token => $token })->{content};
	$bytes{'backstage get_user_information, 100'} = length $c;
	die "bench: backstage list answers $c\n"
	    unless $c =~ /^\{"data":\[(\{[^{}]*\},){98}\{[^{}]*\}\]\}$/;
	$c = $ug->post('/backstage/login_admin/', [username => 'bsadm3',
	    password => 'rootpw'])->{content};
	die "bench: login_admin answers $c\n" unless $c =~ /"flag":1,"code":0/;
	my (@floor, @list, @h, @login);
	my $want_list = wanted('backstage get_user_information, 100');
	my $want_login = wanted('backstage login_admin');
	for my $round ($want_list || $want_login ? 1 .. $rounds : ()) {
		print STDERR "bench: backstage round $round of $rounds\n";
		if ($want_list) {
			push @floor, wrk_run(path => '/healthz');
			push @list, wrk_run(script => $bs_list);
			progress('backstage get_user_information', $list[-1]);
		}
		next unless $want_login;
		my $h0 = hash_rate_now();
		my $ok0 = $ug->sql("SELECT SUM(count) FROM users WHERE username LIKE 'bsadm%'");
		push @login, wrk_run(script => $bs_login);
		# A refused login is a 200 too: the logins that did not count are
		# the row's errors.
		my ($sent) = $login[-1]{raw} =~ /(\d+) requests in/;
		my $ok1 = $ug->sql("SELECT SUM(count) FROM users WHERE username LIKE 'bsadm%'");
		$login[-1]{errors} += $sent - ($ok1 - $ok0) if $sent > $ok1 - $ok0;
		progress('backstage login_admin', $login[-1]);
		settle_usergate();
		push @h, ($h0 + hash_rate_now()) / 2;
	}
	if (@list) {
		push @rows, fold('backstage get_user_information, 100', \@list,
		    [ map { $_->{rps} } @floor ]);
		of_ceil_rounds($rows[-1], \@list, \@floor);
	}
	push @rows, fold('backstage login_admin', \@login, \@h, base => 'hash')
	    if @login;
}
my $hash_rate = median(@hash) // 0;

# --- the long list: streamed, memory flat ---------------------------------------
$ug->sql("DELETE FROM users WHERE username LIKE 'add%'");
$ug->sql("INSERT INTO users (username, password_hash, role_id, openid, wechat_name) "
    . "SELECT CONCAT('user', seq), 'x', 10, CONCAT('oBENCH', LPAD(seq, 22, '0')), "
    . "CONCAT('wx', seq) FROM seq_99_to_9998");
my $nusers = $ug->sql('SELECT COUNT(*) FROM users');
my $rss_before_big = rss_kib();
my $rss_after_big = $rss_before_big;
if (wanted("mode=3&operating=1 list, $nusers users")) {
	my $big = wrk_run(script => $list, connections => 16);
	progress("list, $nusers users", $big);
	push @rows, fold("mode=3&operating=1 list, $nusers users", [$big],
	    [ $floor->{rps} ]);
	$rss_after_big = rss_kib();
}

# --- a million requests: memory must stay flat ----------------------------------
my $soak_rss0 = rss_kib();
my ($soak_rss1, $soak_reqs) = ($soak_rss0, 0);
if (wanted('soak: mode=0')) {
	my ($m0) = grep { $_->{name} eq 'mode=0 openid lookup' } @rows;
	my $m0rate = $m0 ? $m0->{rps} : 1000;
	my $soak_secs = int($soak / $m0rate * 1.1) + 1;
	print STDERR "bench: soak, about $soak requests ($soak_secs s)\n";
	my $s = wrk_run(script => $lookup, duration => $soak_secs);
	$soak_reqs = int($s->{rps} * $soak_secs);
	push @rows, fold("soak: mode=0 x $soak_reqs", [$s], [ $floor->{rps} ]);
	$soak_rss1 = rss_kib();
}

# --- import: 10,000 MD5 users, as a ratio to the raw hash rate -------------------
# Wrapping costs one hash per weak password, so the import's rows per
# second are compared with the raw hash rate measured just before and
# just after it (their mean). BENCH_IMPORT_ROWS changes the row count.
if (wanted('import, MD5 users')) {
	my $n = $ENV{BENCH_IMPORT_ROWS} || 10_000;
	my $file = "$dir/bench-import.tsv";
	require Digest::MD5;
	UG::spew($file, "username\tpassword\trole_id\n" . join('', map {
	    "imp$_\t" . Digest::MD5::md5_hex("pw$_") . "\t10\n" } 1 .. $n));
	my $rate_of = sub {
		my $hr = `$hashrate_bin yescrypt 0 $duration`;
		my ($r) = $hr =~ /hashes\/s ([\d.]+)/ or die "hashrate: $hr";
		return $r;
	};
	print STDERR "bench: import of $n MD5 users\n";
	my $h0 = $rate_of->();
	my $t0 = time;
	my ($rc, $iout) = $ug->cli(undef, 'import', '--from', 'adminsys', $file);
	my $secs = time - $t0;
	my $h1 = $rate_of->();
	my $got = $ug->sql("SELECT COUNT(*) FROM users WHERE username LIKE 'imp%'");
	my $rate = $n / $secs;
	my %r = (name => "import, $n MD5 users (rows/s)", rps => $rate,
	    p50 => undef, p99 => undef, non2xx => 0,
	    errors => ($rc != 0 || $got != $n) ? 1 : 0, rss => 0,
	    ratio => $rate / (($h0 + $h1) / 2), base => 'hash');
	printf STDERR "bench: %-34s %9.1f rows/s  (hash rate %.1f, %.1f)\n",
	    'import', $rate, $h0, $h1;
	print STDERR $iout if $rc != 0;
	push @rows, \%r;
}

# --- report --------------------------------------------------------------------
my $when = strftime('%Y-%m-%d %H:%M:%S UTC', gmtime);
my $cpu = (grep { /model name/ } split /\n/, UG::slurp('/proc/cpuinfo'))[0] // '';
$cpu =~ s/.*:\s*//;
my $t = "usergate benchmark, $when\n"
    . sprintf("machine: %d CPUs, %s\n", $ncpu, $cpu)
    . sprintf("wrk -t%d -c%d, %d s a run, %d rounds; usergate %d threads; "
	. "nginx %d workers\n", $threads_wrk, $conns, $duration, $rounds,
	$threads, $ncpu)
    . sprintf("raw hash rate (yescrypt, default cost, all CPUs): %.1f hashes/s "
	. "(rounds: %s)\n\n", $hash_rate, join(' ', map { sprintf '%.1f', $_ } @hash));
$t .= sprintf("%-36s %9s %7s %7s %7s %6s %7s %6s\n", 'row', 'req/s', 'p50 ms',
    'p99 ms', 'non-2xx', 'errors', 'rss MiB', 'ratio');
for my $r (@rows) {
	$t .= sprintf("%-36s %9.1f %7.2f %7.2f %7d %6d %7.1f %5.2f%s\n",
	    $r->{name}, $r->{rps}, $r->{p50} // -1, $r->{p99} // -1, $r->{non2xx},
	    $r->{errors}, $r->{rss} / 1024, $r->{ratio},
	    ($r->{base} // '') eq 'hash' ? 'h' : '');
}
$t .= "\nratio: to the /healthz floor of the same round ('h': to the raw hash "
    . "rate of the same round),\nmedian of the rounds; req/s, p50 and p99 are "
    . "medians too.\n";
$t .= "\nCPU time per request, us (all: the whole machine, wrk and the kernel "
    . "included).\nceiling: the ratio a row would reach if it added only "
    . "MariaDB's time to the floor's;\nof ceil: the row's ratio over its "
    . "ceiling (1.00: usergate and nginx cost no more than the floor), each "
    . "round\nagainst its own floor, the median (rounds: the lowest and the "
    . "highest round).\n";
# What a byte of answer costs the machine with no work behind it (nginx,
# wrk and the kernel carrying it): the trivial responder's 32 KiB answers
# against its 3-byte ones.
my ($tr0) = grep { $_->{name} eq 'reference: trivial libfcgi, no keep' } @rows;
my ($tr1) = grep { $_->{name} eq 'reference: trivial, 32 KiB answers' } @rows;
my $per_byte = $tr0 && $tr1 ? ($tr1->{cpu}{all} - $tr0->{cpu}{all}) / (32768 - 3)
    : 0;
$per_byte = 0 if $per_byte < 0;
$t .= "ceil+bytes: the same with what carrying the row's answer costs besides "
    . sprintf("(%.2f us a KiB, from the\n", $per_byte * 1024)
    . "trivial responder's 32 KiB answers): no server could pass it.\n";
$t .= sprintf("%-36s %7s %8s %7s %7s %7s %7s %9s %6s %7s %7s\n", 'row',
    'nginx', 'usergate', 'mariadb', 'all', 'ceiling', 'of ceil', 'rounds',
    'KiB', 'ceil+b', 'of c+b');
for my $r (@rows) {
	next if ($r->{base} // '') eq 'hash' || $r->{name} =~ /^soak/;
	my $c = $r->{cpu};
	my $f = $floor->{cpu}{all};
	my $ceil = $f / ($f + $c->{mariadb});
	my $b = $bytes{$r->{name}};
	my $ceil_b = defined $b ? $f / ($f + $c->{mariadb} + $per_byte
	    * ($b - $bytes{'floor: GET /healthz'})) : undef;
	# "of ceil": the row's ratio to the floor as a share of its ceiling.
	my $of = $r->{of_ceil} // ($ceil > 0 ? $r->{ratio} / $ceil : 0);
	my $range = $r->{of_ceil_range} ? sprintf('%.2f-%.2f',
	    @{ $r->{of_ceil_range} }) : '';
	$t .= sprintf("%-36s %7.1f %8.1f %7.1f %7.1f %7.2f %7.2f %9s",
	    $r->{name}, $c->{nginx}, $c->{usergate}, $c->{mariadb}, $c->{all},
	    $ceil, $of, $range);
	# The same share of the lower ceiling (scaled as the two ceilings).
	$t .= defined $ceil_b ? sprintf(" %6.1f %7.2f %7.2f\n", $b / 1024,
	    $ceil_b, $ceil_b > 0 ? $of * $ceil / $ceil_b : 0) : "\n";
}
$t .= sprintf("\nusers added by the add rows: %d\n", $added);
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
