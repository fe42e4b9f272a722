# Every way of starting usergate, and the operator's commands.
use strict;
use warnings;
use Test::More;
use lib 't/lib';
use UG;

sub login_ok {
	my ($ug, $name) = @_;
	like($ug->post('/login.php?mode=2', [username => 'root',
	    password => 'rootpw'])->{content}, qr/^\{"state":"1","token":"[0-9a-f]{32}"\}$/,
	    "$name: login through nginx");
}

# Over TCP, nginx without fastcgi_keep_conn: a connection per request.
for my $how (qw(unix tcp)) {
	my $ug = UG->new(keep_conn => $how eq 'unix')->start(how => $how);
	$ug->add_user('root', 'rootpw', 'admin');
	login_ok($ug, "serve --listen ($how)");
	# A body over max_body is refused unread; the close that follows
	# must not reset nginx before it has the answer.
	for my $n (70_000, 3_000_000) {
		my $r = $ug->http('POST', '/login.php?mode=2',
		    content => 'username=root&password=rootpw&pad=' . ('a' x $n),
		    headers => { 'Content-Type' =>
		    'application/x-www-form-urlencoded' });
		is("$r->{status} $r->{content}", '200 {"state":"0"}',
		    "$how: a $n-byte body over max_body gets the failure answer");
	}
	unlike(UG::slurp($ug->dir . '/nginx/error.log'),
	    qr/reset by peer|prematurely closed/, "$how: nginx saw clean closes");
	login_ok($ug, "$how: serving after the refused bodies");
	if ($how eq 'unix') {
		my @st = stat($ug->dir . '/usergate.sock');
		is($st[2] & 07777, 0660, 'the socket is mode 0660');
		if ($UG::IS_ROOT) {
			# Created by root with the group set at bind time
			# (never chowned by path): the unprivileged user
			# cannot change its mode, nginx reaches it by group.
			is(scalar getpwuid($st[4]), 'root',
			    'the socket belongs to root');
			is($st[5], (getpwnam($UG::RUN_AS))[3],
			    "and to the primary group of $UG::RUN_AS");
			my $uid = (split ' ', `ps -o uid= -p ${\ $ug->usergate_pid}`)[0];
			is(scalar getpwuid($uid), $UG::RUN_AS,
			    'usergate dropped root');
		}
	}
	$ug->stop;
}

my $ug = UG->new->start(how => 'spawn');
$ug->add_user('root', 'rootpw', 'admin');

# Plain CGI, the way a shared host's CGI handler runs it.
{
	my $body = UG::urlencode([username => 'root', password => 'rootpw']);
	my %env = (%{ $ug->env }, REQUEST_METHOD => 'POST',
	    SCRIPT_NAME => '/login.php', QUERY_STRING => 'mode=2',
	    CONTENT_TYPE => 'application/x-www-form-urlencoded',
	    CONTENT_LENGTH => length($body), REMOTE_ADDR => '127.0.0.1',
	    GATEWAY_INTERFACE => 'CGI/1.1');
	my $in = $ug->dir . '/cgi.in';
	UG::spew($in, $body, 0644);
	my @as = $UG::IS_ROOT ? ('setpriv', "--reuid=$UG::RUN_AS",
	    "--regid=$UG::RUN_AS", '--clear-groups') : ();
	local %ENV = (%ENV, %env);
	my $cmd = join(' ', map { quotemeta } @as, $UG::BIN) . " <$in";
	my $out = `$cmd`;
	like($out, qr{^Status: 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\n.*\r\n\r\n\{"state":"1","token":"[0-9a-f]{32}"\}$}s,
	    'CGI: one request on stdin and the environment');
	if ($UG::IS_ROOT) {
		my $root = `$UG::BIN <$in 2>&1`;
		isnt($? >> 8, 0, 'CGI refuses to run as root');
	}
	local $ENV{QUERY_STRING} = 'mode=9';
	$out = `$cmd`;
	like($out, qr/\r\n\r\n0$/, 'CGI: unknown mode answers 0');
}

# Operator commands.
my ($rc, $out) = $ug->cli(undef, 'version');
like($out, qr/^usergate \d+\.\d+\.\d+$/m, 'version');
($rc, $out) = $ug->cli(undef, 'migrate');
is($rc, 0, 'migrate again');
like($out, qr/0 applied/, 'migrate is idempotent');
($rc, $out) = $ug->cli(undef, 'check-config');
is($rc, 0, 'check-config accepts the test configuration');
unlike($out, qr/ug-test-pw/, 'check-config masks the database password');
{
	local $ENV{USERGATE_THREADS} = 'many';
	($rc, $out) = $ug->cli(undef, 'check-config');
	isnt($rc, 0, 'check-config rejects a bad value from the environment');
	like($out, qr/USERGATE_THREADS/, 'and names it');
}
($rc, $out) = $ug->cli(undef, '-c', '/nonexistent.conf', 'check-config');
isnt($rc, 0, 'a missing configuration file is an error');
($rc, $out) = $ug->cli("alicepw\n", 'user', 'add', 'alice', '--role', 'user');
is($rc, 0, 'user add with the password on stdin');
{
	local $ENV{USERGATE_PASSWORD} = 'bobpw';
	($rc, $out) = $ug->cli(undef, 'user', 'add', 'bob', '--role', 'user_admin');
	is($rc, 0, 'user add with the password in the environment');
}
($rc, $out) = $ug->cli("\n", 'user', 'add', 'carol');
isnt($rc, 0, 'user add refuses an empty password');
($rc, $out) = $ug->cli("x\n", 'user', 'add', 'dave', '--role', 'wizard');
isnt($rc, 0, 'user add refuses an unknown role');
($rc, $out) = $ug->cli("x\n", 'user', 'add', 'alice');
isnt($rc, 0, 'user add refuses a taken name');
($rc, $out) = $ug->cli(undef, 'user', 'list');
like($out, qr/\troot\t1\t.*\talice\t10\t.*\tbob\t6\t/s, 'user list');
($rc, $out) = $ug->cli("alicepw2\n", 'user', 'passwd', 'alice');
is($rc, 0, 'user passwd');
like($ug->post('/login.php?mode=2', [username => 'alice', password => 'alicepw2'])
    ->{content}, qr/"state":"1"/, 'the new password works');
($rc, $out) = $ug->cli(undef, 'user', 'lock', 'alice');
is($rc, 0, 'user lock');
is($ug->post('/login.php?mode=2', [username => 'alice', password => 'alicepw2'])
    ->{content}, '{"state":"0"}', 'a locked user cannot log in');
($rc, $out) = $ug->cli(undef, 'user', 'unlock', 'alice');
is($rc, 0, 'user unlock');
like($ug->post('/login.php?mode=2', [username => 'alice', password => 'alicepw2'])
    ->{content}, qr/"state":"1"/, 'and can log in again');
($rc, $out) = $ug->cli(undef, 'user', 'lock', 'root');
isnt($rc, 0, 'the last super admin cannot be locked');
is($ug->sql("SELECT locked FROM users WHERE username = 'root'"), 0,
    'and is not');
($rc, $out) = $ug->cli(undef, 'user', 'role', 'root', 'user');
isnt($rc, 0, 'nor demoted');
($rc, $out) = $ug->cli(undef, 'serve', '--listen', '0.0.0.0:9');
isnt($rc, 0, 'serve refuses a non-loopback address');

$ug->stop;
done_testing;
