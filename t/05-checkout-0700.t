# Issue 8: both README commands work from any checkout, root's home
# included.  A copy of the checkout in a fresh 0700 directory (as
# `mktemp -d` makes it, and as /root is on Debian):
#  - the test harness brings a stack up from it and serves a login
#    (usergate as www-data, MariaDB as mysql: nothing of theirs reads
#    the checkout);
#  - `./quickstart run` started there (with the already built binary:
#    QUICKSTART_USERGATE) prints its ready line, answers a login.php
#    login, keeps its secrets from other users and from ps, and on SIGTERM
#    and on SIGINT stops everything it started; a second run keeps the
#    users of the first.
use strict;
use warnings;
use Test::More;
use File::Path qw(make_path remove_tree);
use File::Temp qw(tempdir);
use POSIX qw(:sys_wait_h);
use Time::HiRes qw(sleep time);
use lib 't/lib';
use UG;

# alive(PID): the process exists and is not a zombie.
sub alive {
	my ($pid) = @_;
	my $st = UG::slurp("/proc/$pid/stat") or return 0;
	return ($st =~ /\)\s+(\S)/)[0] ne 'Z';
}

# Every live process whose command line, working directory or open files
# name one of DIRS.
sub procs_of {
	my (@dirs) = @_;
	my @p;
	for my $pid (map { m{^/proc/(\d+)$} ? $1 : () } glob('/proc/[0-9]*')) {
		next if $pid == $$ || !alive($pid);
		my $cmd = UG::slurp("/proc/$pid/cmdline");
		my @links = grep { defined } map { readlink }
		    ("/proc/$pid/cwd", glob("/proc/$pid/fd/*"));
		for my $d (@dirs) {
			next unless index($cmd, $d) >= 0 ||
			    grep { index($_, $d) == 0 } @links;
			push @p, "$pid " . ($cmd =~ tr/\0/ /r);
			last;
		}
	}
	return @p;
}

# descendants(PID): every live process below PID.
sub descendants {
	my ($top) = @_;
	my %kids;
	for my $pid (map { m{^/proc/(\d+)$} ? $1 : () } glob('/proc/[0-9]*')) {
		my ($ppid) = UG::slurp("/proc/$pid/stat") =~ /\)\s+\S+\s+(\d+)/
		    or next;
		push @{ $kids{$ppid} }, $pid;
	}
	my @all;
	my @todo = ($top);
	while (defined(my $p = shift @todo)) {
		push @all, @{ $kids{$p} || [] };
		push @todo, @{ $kids{$p} || [] };
	}
	return grep { alive($_) } @all;
}

sub owner { scalar getpwuid((stat "/proc/$_[0]")[4]) }

# The checkout, copied (without builds, git and state) into a fresh 0700
# directory.
my $top = tempdir("usergate-0700-XXXXXX", DIR => $UG::TMP, CLEANUP => 1);
chmod 0700, $top;
my $clone = "$top/usergate";
make_path($clone);
system("tar -C \Q$UG::SRCDIR\E --exclude=./build --exclude=./.git "
    . "--exclude=./.quickstart --exclude=./bench-results --exclude=./t/tmp "
    . "-cf - . | tar -C \Q$clone\E -xf -") == 0 or die "copy: $?";
is((stat $top)[2] & 07777, 0700, 'the checkout is in a 0700 directory');

# --- the test harness from that checkout ----------------------------------

{
	make_path("$clone/build/plain");
	system('cp', $UG::BIN_BUILT, "$clone/build/plain/usergate") == 0
	    or die "cp: $?";
	my $script = <<'EOP';
use strict;
use warnings;
use UG;
for my $how (qw(spawn unix)) {
	my $ug = UG->new(no_tap => 1)->start(how => $how);
	$ug->add_user('root', 'rootpw', 'admin');
	my $r = $ug->post('/login.php?mode=2', [username => 'root',
	    password => 'rootpw']);
	print "$how $r->{status} $r->{content}\n";
	my $d = $ug->dir;
	printf "modes %o %o %o\n", map { (stat $_)[2] & 07777 }
	    "$d/usergate.conf", "$d/usergate.log", "$d/mysql";
	$ug->stop;
}
EOP
	local $ENV{UG_BIN} = "$clone/build/plain/usergate";
	local $ENV{UG_SRCDIR} = $clone;
	local $ENV{UG_BUILDDIR} = "$clone/build/plain";
	open my $fh, '-|', $^X, "-I$clone/t/lib", '-e', $script
	    or die "perl: $!";
	my $out = do { local $/; <$fh> } // '';
	close $fh;
	for my $how (qw(spawn unix)) {
		like($out, qr/^$how 200 \{"state":"1","token":"[0-9a-f]{32}"\}$/m,
		    "harness from a checkout under 0700 ($how): a login through nginx");
	}
	# The DB password, the log and MariaDB's socket are not every user's.
	my ($conf, $log, $sockdir) = $out =~ /^modes (\d+) (\d+) (\d+)$/m;
	is($conf, $UG::IS_ROOT ? 640 : 600,
	    "the stack's usergate.conf is its owner's (and www-data's group's)");
	is($log, 600, "the stack's log is its owner's");
	is($sockdir, $UG::IS_ROOT ? 750 : 700,
	    "MariaDB's socket is in a directory others cannot enter");
}

# --- ./quickstart run from that checkout -------------------------------

my $port = UG::free_port();
my $pw = 'qs-' . join('', map { ('a'..'z')[rand 26] } 1 .. 16);
my $web = bless { port => $port }, 'UG';	# only for its HTTP helpers
my (@seen, %state);

# Sanitizer reports of quickstart's usergate (and its commands), if it is
# a sanitizer build: in a directory www-data may write in.
my $san = tempdir("usergate-qs-san-XXXXXX", DIR => $UG::TMP, CLEANUP => 1);
chmod 0755, $san;
make_path("$san/logs");
UG::chown_to($UG::RUN_AS, "$san/logs");

# run_quickstart(N): starts `./quickstart run` in the copy; returns its
# pid once it printed its ready line.
sub run_quickstart {
	my ($n) = @_;
	my ($out, $err) = ("$top/run$n.out", "$top/run$n.err");
	my $pid = fork // die "fork: $!";
	if ($pid == 0) {
		POSIX::setpgid(0, 0);
		chdir $clone or POSIX::_exit(126);
		open STDIN, '<', '/dev/null';
		open STDOUT, '>', $out;
		open STDERR, '>', $err;
		%ENV = (%ENV, PORT => $port, ADMIN_PASSWORD => $pw,
		    QUICKSTART_USERGATE => $UG::BIN_BUILT,
		    ASAN_OPTIONS => "log_path=$san/logs/asan:detect_leaks=1",
		    LSAN_OPTIONS => "suppressions=$UG::STAGE/lsan.supp",
		    UBSAN_OPTIONS => "log_path=$san/logs/ubsan:print_stacktrace=1");
		delete $ENV{USERGATE_CONFIG};
		# Should this test die by a signal it cannot catch, quickstart
		# is TERMed, and stops what it started.
		exec('setpriv', '--pdeathsig', 'TERM', '--', './quickstart', 'run')
		    or POSIX::_exit(127);
	}
	$state{qs} = $pid;
	my $end = time + 240;
	while (time < $end) {
		last if UG::slurp($out) =~ /^ready: /m;
		if (waitpid($pid, WNOHANG) == $pid) {
			delete $state{qs};
			diag(UG::slurp($err));
			return undef;
		}
		sleep 0.1;
	}
	my $e = UG::slurp($err);
	($state{rundir}) = $e =~ /logs: (\S+)\/logs\//;
	($state{data}) = $e =~ /data: (\S+)/;
	push @seen, descendants($pid);
	return $pid;
}

# stop_quickstart(PID, SIGNAL): signals it and waits for it; returns its
# wait status, or undef if it did not end within 90 s.
sub stop_quickstart {
	my ($pid, $sig) = @_;
	my @procs = descendants($pid);
	push @seen, @procs;
	kill $sig, $pid;
	my $end = time + 90;
	while (time < $end) {
		if (waitpid($pid, WNOHANG) == $pid) {
			delete $state{qs};
			return $?;
		}
		sleep 0.1;
	}
	return undef;
}

# Whatever a failed run left is stopped: quickstart itself (which stops
# its services), then every process group it started; and the data of the
# copy goes.
END {
	local $?;
	if (my $qs = $state{qs}) {
		kill 'TERM', $qs;
		my $end = time + 60;
		sleep 0.1 while waitpid($qs, WNOHANG) == 0 && time < $end;
		kill 'KILL', -$qs;
	}
	kill 'KILL', $_, -$_ for grep { alive($_) } @seen;
	if (my $d = $state{data}) {
		remove_tree($d) if $d =~ m{^/var/lib/usergate-quickstart/usergate-[0-9a-f]+$}
		    || index($d, "$clone/") == 0;
		rmdir '/var/lib/usergate-quickstart';	# if it is empty now
	}
}

# finish: the rest cannot be tested without a stack.
sub finish {
	diag(UG::slurp("$top/run$_.err")) for grep { -e "$top/run$_.err" } 1, 2;
	done_testing;
	exit 1;
}

sub login {
	my ($user, $pass) = @_;
	my $r = $web->post('/login.php?mode=2', [username => $user,
	    password => $pass]);
	return $r->{content};
}

# The first run: a new database, the admin, one more user.
my $qs = run_quickstart(1);
ok($qs, 'quickstart run printed its ready line') or finish();
like(UG::slurp("$top/run1.out"), qr{^ready: http://127\.0\.0\.1:$port/$}m,
    'the ready line names the address');
my $token = (login('admin', $pw) =~ /"token":"([0-9a-f]{32})"/)[0];
ok($token, 'the admin logs in through login.php');
is($web->post('/login.php?mode=3&operating=2', [username => 'keepme',
    password => 'keep-pw', Authority => 'N', token => $token])->{content},
    '{"state":"1"}', 'and adds a user');
is(login('keepme', 'keep-pw'), '{"state":"1"}', 'who logs in');

my @procs = descendants($qs);
my %by;
for my $name (qw(mariadbd usergate nginx)) {
	($by{$name}) = grep { UG::slurp("/proc/$_/cmdline") =~ m{^(\S*/)?$name[\0: ]} }
	    @procs;
}
ok($by{$_}, "it runs $_") for qw(mariadbd usergate nginx);
my $rd = $state{rundir} // '';
ok($rd && index($rd, $clone) != 0, "its run directory $rd is outside the checkout");
if ($UG::IS_ROOT) {
	is(owner($by{mariadbd} // 0), 'mysql', 'MariaDB runs as mysql');
	is(owner($by{usergate} // 0), 'www-data', 'usergate runs as www-data');
	like($state{data} // '', qr{^/var/lib/usergate-quickstart/usergate-[0-9a-f]{12}$},
	    'its data lives in /var/lib/usergate-quickstart');
} else {
	is($state{data}, "$clone/.quickstart", 'its data lives in .quickstart/');
}
my @st = stat("$rd/usergate.conf");
is(@st ? $st[2] & 0777 : -1, 0600, 'usergate.conf (the DB password) is 0600');
@st = stat("$rd/mysql");
is(@st ? $st[2] & 07 : -1, 0, "MariaDB's socket is in a directory others cannot enter");
@st = stat("$rd/logs");
is(@st ? $st[2] & 077 : -1, 0, 'the logs are in a directory only root enters');
my @shows = grep { index(UG::slurp("$_/cmdline"), $pw) >= 0 } glob('/proc/[0-9]*');
ok(!@shows, 'no command line shows the admin password');
my @envs = grep { index(UG::slurp("/proc/$_/environ"), $pw) >= 0 } @procs;
ok(!@envs, "no service has the admin password in its environment");

is(stop_quickstart($qs, 'TERM'), 0, 'SIGTERM stops quickstart run, status 0');
like(UG::slurp("$top/run1.err"), qr/quickstart: stopped$/m, 'it says so');
sleep 0.2;
my @left = grep { alive($_) } @seen;
ok(!@left, 'nothing it started is left') or diag("left: @left");
my @named = procs_of(grep { defined } $rd, $state{data});
ok(!@named, 'no process of its run or data directory is left')
    or diag(join("\n", @named));
ok($rd && !-e $rd, 'its run directory is gone');

# The second run: the same data, so the same users.
@seen = ();
$qs = run_quickstart(2);
ok($qs, 'a second quickstart run printed its ready line') or finish();
unlike(UG::slurp("$top/run2.err"), qr/creating a private MariaDB/,
    'it reuses the database');
is(login('keepme', 'keep-pw'), '{"state":"1"}', 'the user of the first run logs in');
like(login('admin', $pw), qr/"token"/, 'and so does the admin');
$rd = $state{rundir} // '';
is(stop_quickstart($qs, 'INT'), 0, 'SIGINT (Ctrl-C) stops it, status 0');
sleep 0.2;
@left = grep { alive($_) } @seen;
ok(!@left, 'nothing it started is left') or diag("left: @left");
@named = procs_of(grep { defined } $rd, $state{data});
ok(!@named, 'no process of its run or data directory is left')
    or diag(join("\n", @named));

my @reports = glob("$san/logs/*");
ok(!@reports, 'no sanitizer reports from its usergate')
    or diag(join("\n", map { "$_:\n" . UG::slurp($_) } @reports));

done_testing;
