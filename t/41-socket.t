# The unix socket `usergate serve --listen` makes as root (review D5, D9):
# its mode and group are set when it is bound, never by a chmod or chown
# of its path afterwards, which would follow whatever a writer of the
# directory put there in between; listen_group lets usergate run as its
# own user while nginx's group reaches the socket; the log file is never
# opened through a symlink or a hard link.
use strict;
use warnings;
use Test::More;
use Time::HiRes qw(sleep time);
use POSIX ();
use lib 't/lib';
use UG;

plan skip_all => 'the socket is made by root only when started as root'
    unless $UG::IS_ROOT;
my $nginx_gid = (getpwnam($UG::RUN_AS))[3];
plan skip_all => "no user nobody" unless defined getpwnam('nobody');

# usergate as its own user (nobody stands in for a dedicated account),
# the socket's group nginx's.
my $ug = UG->new(conf => { user => 'nobody', listen_group => $UG::RUN_AS })
    ->start(how => 'unix');
my $sock = $ug->dir . '/usergate.sock';
my @st = lstat($sock);
ok(-S _, 'serve --listen made a socket');
is($st[4], 0, 'owned by root, so the service user cannot change its mode');
is($st[5], $nginx_gid, "its group is listen_group ($UG::RUN_AS)");
is($st[2] & 07777, 0660, 'mode listen_mode (0660), set at bind');
my $uid = (split ' ', `ps -o uid= -p ${\ $ug->usergate_pid}`)[0];
is(scalar getpwuid($uid), 'nobody', 'usergate serves as user nobody');
$ug->add_user('root', 'rootpw', 'admin');
like($ug->post('/login.php?mode=2', [username => 'root', password => 'rootpw'])
    ->{content}, qr/^\{"state":"1","token":"[0-9a-f]{32}"\}$/,
    'nginx reaches it through the group');

# Without listen_group the socket gets the service user's own group,
# which nginx is not in: the reason for the key.
$ug->stop_usergate('TERM');
$ug->{conf}{listen_group} = undef;
$ug->write_conf;
$ug->start_usergate('unix');
@st = lstat($sock);
is($st[5], (getpwnam('nobody'))[3], 'without it, the group is that of user');
is($ug->post('/login.php?mode=2', [username => 'root', password => 'rootpw'])
    ->{status}, 502, 'which nginx cannot reach');
$ug->stop_usergate('TERM');

# The race itself, made certain: a hook on bind() swaps the new socket
# for a symlink (then a hard link) to a file of root's, as a writer of
# the socket directory could between the bind and any later chmod or
# chown of the path.  The file must come out untouched.
my $d = $ug->dir;
my $cc = $ENV{CC} || 'cc';
UG::spew("$d/hook.c", <<'EOC');
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int
bind(int fd, const struct sockaddr *sa, socklen_t len)
{
	int (*real)(int, const struct sockaddr *, socklen_t) =
	    (int (*)(int, const struct sockaddr *, socklen_t))dlsym(RTLD_NEXT, "bind");
	const char *target = getenv("HOOK_TARGET"), *how = getenv("HOOK_HOW");
	char moved[256];
	int rc = real(fd, sa, len);

	if (rc == 0 && sa->sa_family == AF_UNIX && target != NULL) {
		const char *p = ((const struct sockaddr_un *)sa)->sun_path;
		snprintf(moved, sizeof(moved), "%s.bound", p);
		rename(p, moved);
		if (how != NULL && strcmp(how, "link") == 0)
			link(target, p);
		else
			symlink(target, p);
	}
	return rc;
}
EOC
SKIP: {
	skip "no C compiler ($cc) for the bind() hook", 6
	    if system("$cc -shared -fPIC -o $d/hook.so $d/hook.c -ldl 2>$d/hook.err") != 0;
	for my $how (qw(symlink link)) {
		my $target = "$d/precious-$how";
		UG::spew($target, "secret\n", 0600);
		my $log = "$d/race-$how.log";
		UG::spew($log, '', 0666);
		my $env = $ug->env;
		my $pid = UG::spawn("$d/race-$how.out", { %$env,
		    USERGATE_LOG => $log, USERGATE_USER => 'nobody',
		    LD_PRELOAD => "$d/hook.so", HOOK_TARGET => $target,
		    HOOK_HOW => $how,
		    ASAN_OPTIONS => "$env->{ASAN_OPTIONS}:verify_asan_link_order=0" },
		    $ug->usergate_cmd, 'serve', '--listen', "$d/race-$how.sock");
		my $end = time + 20;
		sleep 0.1 until UG::slurp($log) =~ /serving FastCGI|error/
		    || time > $end;
		like(UG::slurp($log), qr/serving FastCGI/,
		    "$how: usergate started with the socket swapped");
		my @t = stat($target);
		is(sprintf('%d:%d %04o', $t[4], $t[5], $t[2] & 07777),
		    '0:0 0600', "$how: root's file keeps its owner and mode");
		is(UG::slurp($target), "secret\n", "$how: and its content");
		kill 'TERM', $pid;
		waitpid($pid, 0);
	}
}

# The log file, opened as root: not through a symlink, nor a hard link.
for my $how (qw(symlink link)) {
	my $target = "$d/log-target-$how";
	UG::spew($target, '', 0600);
	my $log = "$d/evil-$how.log";
	$how eq 'link' ? link($target, $log) : symlink($target, $log);
	# Spawned, not run as a command: a usergate that did open it would
	# serve on, and is stopped after a while.
	my $out = "$d/evil-$how.out";
	my $pid = UG::spawn($out, { %{ $ug->env }, USERGATE_LOG => $log },
	    $ug->usergate_cmd, 'serve', '--listen', "$d/never-$how.sock");
	my ($status, $end) = (undef, time + 10);
	while (time < $end) {
		if (waitpid($pid, POSIX::WNOHANG) == $pid) {
			$status = $?;
			last;
		}
		sleep 0.05;
	}
	if (!defined $status) {
		kill 'TERM', $pid;
		waitpid($pid, 0);
	}
	ok(defined $status && $status >> 8 != 0,
	    "log through a $how: usergate refuses to start");
	like(UG::slurp($out), qr/cannot open/, "$how: and says why");
	is(-s $target, 0, "$how: nothing was written to the file behind it");
}

$ug->stop;
done_testing;
