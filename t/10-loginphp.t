# The login.php contract (seed 002) through nginx, byte for byte.
use strict;
use warnings;
use Test::More;
use lib 't/lib';
use UG;
use JSON::PP;

my $ug = UG->new->start(how => 'spawn');
$ug->add_user('root', 'rootpw', 'admin');

sub lp {
	my ($q, $fields, %opt) = @_;
	my $r = $ug->post("/login.php?$q", $fields, %opt);
	return ($r->{status}, $r->{content});
}

sub is_answer {
	my ($q, $fields, $status, $body, $name, %opt) = @_;
	my ($s, $b) = lp($q, $fields, %opt);
	is($b, $body, "$name: body");
	is($s, $status, "$name: status") if defined $status;
}

# --- mode 2: PC login ------------------------------------------------------
my ($s, $b) = lp('mode=2', [username => 'root', password => 'rootpw']);
is($s, 200, 'admin login: 200');
like($b, qr/^\{"state":"1","token":"[0-9a-f]{32}"\}$/, 'admin login: state 1 and a 32-hex token');
my ($token) = $b =~ /"token":"([0-9a-f]{32})"/;
my $r = $ug->post('/login.php?mode=2', [username => 'root', password => 'rootpw']);
is($r->{headers}{'content-type'}, 'text/html; charset=UTF-8', 'PHP content type');

is_answer('mode=2', [username => 'root', password => 'wrong'], 200,
    '{"state":"0"}', 'wrong password');
is_answer('mode=2', [username => 'nobody', password => 'x'], 200,
    '{"state":"0"}', 'unknown user');
is_answer('mode=2', [username => 'root'], 200, '{"state":"0"}',
    'missing password');
is_answer('mode=2', [password => 'rootpw'], 200, '{"state":"0"}',
    'missing username');
is_answer('mode=2', [username => 'root', password => ''], 200,
    '{"state":"0"}', 'empty password');
($s, $b) = lp('mode=2', [username => 'root', password => 'rootpw'],
    enc => 'urlencoded');
like($b, qr/^\{"state":"1","token":"[0-9a-f]{32}"\}$/, 'urlencoded login');
($s, $b) = lp('mode=2', [username => 'root', password => 'rootpw'],
    enc => 'json');
like($b, qr/^\{"state":"1","token":"[0-9a-f]{32}"\}$/, 'json login');
($s, $b) = lp('mode=2', [username => 'ROOT', password => 'rootpw']);
like($b, qr/^\{"state":"1"/, 'usernames compare case-insensitively');
is_answer('mode=2', [username => 'root ', password => 'rootpw'], 200,
    '{"state":"0"}', 'trailing space is another name');

# --- mode 3 op 2: add users ------------------------------------------------
is_answer('mode=3&operating=2', [username => 'alice', password => 'alicepw',
    Authority => 'N', token => $token], 200, '{"state":"1"}', 'add N user');
is_answer('mode=3&operating=2', [username => 'bob', password => 'bobpw',
    Authority => 'Y', token => $token], 200, '{"state":"1"}', 'add Y user');
is_answer('mode=3&operating=2', [username => 'alice', password => 'x',
    Authority => 'N', token => $token], 200, '{"state":"-1"}',
    'duplicate username');
is_answer('mode=3&operating=2', [username => 'ALICE', password => 'x',
    Authority => 'N', token => $token], 200, '{"state":"-1"}',
    'duplicate username, other case');
is_answer('mode=3&operating=2', [username => 'carol', password => 'x',
    Authority => 'X', token => $token], 200, '{"state":"-1"}',
    'invalid Authority');
is_answer('mode=3&operating=2', [username => 'carol', password => 'x',
    token => $token], 200, '{"state":"-1"}', 'missing Authority');
is_answer('mode=3&operating=2', [username => 'carol', Authority => 'N',
    token => $token], 200, '{"state":"-1"}', 'missing password');
is_answer('mode=3&operating=2', [username => 'carol', password => '',
    Authority => 'N', token => $token], 200, '{"state":"-1"}',
    'empty password refused');
is_answer('mode=3&operating=2', [username => 'carol', password => 'x',
    Authority => 'N'], 200, '{"state":"-1"}', 'add without token');
is_answer('mode=3&operating=2', [username => 'carol', password => 'x',
    Authority => 'N', token => '0' x 32], 200, '{"state":"-1"}',
    'add with unknown token');
is_answer('mode=3&operating=2', [username => 'carol', password => 'x',
    Authority => 'N', token => 'not-a-token'], 200, '{"state":"-1"}',
    'add with malformed token');
is($ug->sql("SELECT COUNT(*) FROM users WHERE username = 'carol'"), 0,
    'no failed add wrote anything');

# A user created by mode 3 logs in with mode 2; non-admins get no token.
is_answer('mode=2', [username => 'alice', password => 'alicepw'], 200,
    '{"state":"1"}', 'new N user logs in, no token');
($s, $b) = lp('mode=2', [username => 'bob', password => 'bobpw']);
like($b, qr/^\{"state":"1","token":"[0-9a-f]{32}"\}$/, 'new Y user gets a token');
my ($bob_token) = $b =~ /"token":"([0-9a-f]{32})"/;

# --- mode 3 op 1: list ----------------------------------------------------
is_answer('mode=3&operating=1', [token => $token], 200,
    '{"users":[{"username":"root","wechat_name":null,"Authority":"Y"},'
    . '{"username":"alice","wechat_name":null,"Authority":"N"},'
    . '{"username":"bob","wechat_name":null,"Authority":"Y"}]}',
    'list, in id order');
is_answer('mode=3&operating=1', [], 200, '{"0"}', 'list without token');
is_answer('mode=3&operating=1', [token => 'f' x 32], 200, '{"0"}',
    'list with unknown token');
is_answer('mode=3&operating=1', [token => uc('a' x 32)], 200, '{"0"}',
    'list with upper-case token');
($s, $b) = (lp('mode=3&operating=1', [],
    headers => { Authorization => "Bearer $token" }));
like($b, qr/^\{"users":\[/, 'token from Authorization: Bearer');
($s, $b) = (lp('mode=3&operating=1', [],
    headers => { Authorization => $token }));
like($b, qr/^\{"users":\[/, 'token from a bare Authorization header');
($s, $b) = lp("mode=3&operating=1&token=$token", []);
like($b, qr/^\{"users":\[/, 'token from the query string');

# A non-admin session cannot use mode 3, wherever its token came from.
$ug->sql("INSERT INTO sessions (token_hash, user_id, created, expires, last_used) "
    . "SELECT UNHEX(SHA2('" . ('1' x 32) . "', 256)), id, NOW(3), "
    . "NOW(3) + INTERVAL 1 HOUR, NOW(3) FROM users WHERE username = 'alice'");
is_answer('mode=3&operating=1', [token => '1' x 32], 200, '{"0"}',
    'non-admin token cannot list');
is_answer('mode=3&operating=2', [username => 'x1', password => 'x',
    Authority => 'N', token => '1' x 32], 200, '{"state":"-1"}',
    'non-admin token cannot add');

# --- mode 0 / mode 1: openid ----------------------------------------------
my $oid = 'oLT0a49GFzSOZ7J7jV2Pq8B9G7a0';
is_answer('mode=0', [openid => $oid, wechat_name => 'Extrader'], 200, '0',
    'openid not yet bound');
is_answer('mode=1', [username => 'alice', password => 'wrong',
    openid => $oid, wechat_name => 'Extrader'], 200, '0',
    'bind with wrong password');
is_answer('mode=0', [openid => $oid, wechat_name => 'Extrader'], 200, '0',
    'still not bound');
is_answer('mode=1', [username => 'alice', password => 'alicepw',
    openid => $oid, wechat_name => 'Extrader'], 200, '1', 'bind openid');
is_answer('mode=0', [openid => $oid, wechat_name => 'Extrader'], 200, '1',
    'openid found after binding');
is_answer('mode=0', [openid => lc $oid, wechat_name => 'Extrader'], 200, '0',
    'openids are case-sensitive');
is_answer('mode=0', [openid => $oid], 200, '0', 'mode 0 missing wechat_name');
is_answer('mode=0', [wechat_name => 'x'], 200, '0', 'mode 0 missing openid');
is_answer('mode=1', [username => 'alice', password => 'alicepw'], 200, '0',
    'mode 1 missing openid');
is_answer('mode=3&operating=1', [token => $token], 200,
    '{"users":[{"username":"root","wechat_name":null,"Authority":"Y"},'
    . '{"username":"alice","wechat_name":"Extrader","Authority":"N"},'
    . '{"username":"bob","wechat_name":null,"Authority":"Y"}]}',
    'the list shows the wechat name');
# Binding an openid another user holds moves it.
is_answer('mode=1', [username => 'bob', password => 'bobpw', openid => $oid],
    200, '1', 'bind the same openid to bob');
is($ug->sql("SELECT username FROM users WHERE openid = '$oid'"), 'bob',
    'the openid moved to bob');

# --- mode 3 op 4: modify ---------------------------------------------------
is_answer('mode=3&operating=4', [username => 'alice', password => 'newpw',
    token => $token], 200, '{"state":"1"}', 'change password');
is_answer('mode=2', [username => 'alice', password => 'alicepw'], 200,
    '{"state":"0"}', 'old password refused at once');
is_answer('mode=2', [username => 'alice', password => 'newpw'], 200,
    '{"state":"1"}', 'new password works at once');
is_answer('mode=3&operating=4', [username => 'alice', Authority => 'Y',
    token => $token], 200, '{"state":"1"}', 'promote to Y');
like((lp('mode=2', [username => 'alice', password => 'newpw']))[1],
    qr/"token":"[0-9a-f]{32}"/, 'promoted user gets a token');
is_answer('mode=3&operating=4', [username => 'alice', Authority => 'N',
    token => $token], 200, '{"state":"1"}', 'demote to N');
is_answer('mode=3&operating=4', [username => 'alice', Authority => 'Q',
    token => $token], 200, '{"state":"-1"}', 'invalid Authority');
is_answer('mode=3&operating=4', [username => 'nobody', password => 'x',
    token => $token], 200, '{"state":"-1"}', 'modify unknown user');
is_answer('mode=3&operating=4', [username => 'alice', token => $token], 200,
    '{"state":"-1"}', 'nothing to modify');
is_answer('mode=3&operating=4', [password => 'x', token => $token], 200,
    '{"state":"-1"}', 'modify without username');
# Privilege rules: bob (user admin) cannot touch root (super admin).
is_answer('mode=3&operating=4', [username => 'root', password => 'hacked',
    token => $bob_token], 200, '{"state":"-1"}',
    'user admin cannot change the super admin');
is_answer('mode=3&operating=2', [username => 'eve', password => 'x',
    Authority => 'Y', token => $bob_token], 200, '{"state":"-1"}',
    'user admin cannot create an admin');
is_answer('mode=3&operating=2', [username => 'dave', password => 'davepw',
    Authority => 'N', token => $bob_token], 200, '{"state":"1"}',
    'user admin creates a general user');
is_answer('mode=3&operating=4', [username => 'root', Authority => 'N',
    token => $token], 200, '{"state":"-1"}', 'nobody demotes themselves');
is_answer('mode=3&operating=3', [username => 'root', token => $token], 200,
    '{"state":"-1"}', 'nobody deletes themselves');

# A password change revokes the user's sessions.
is_answer('mode=3&operating=4', [username => 'bob', password => 'bobpw2',
    token => $token], 200, '{"state":"1"}', 'change bob\'s password');
is_answer('mode=3&operating=1', [token => $bob_token], 200, '{"0"}',
    'bob\'s old token is revoked');

# --- mode 3 op 3: delete --------------------------------------------------
is_answer('mode=3&operating=3', [username => 'dave', token => $token], 200,
    '{"state":"1"}', 'delete user');
is_answer('mode=2', [username => 'dave', password => 'davepw'], 200,
    '{"state":"0"}', 'deleted user cannot log in');
is_answer('mode=3&operating=3', [username => 'ghost', token => $token], 200,
    '{"state":"1"}', 'deleting an unknown user answers 1 (seed)');
is_answer('mode=3&operating=3', [token => $token], 200, '{"state":"-1"}',
    'delete without username');
is_answer('mode=3&operating=3', [username => 'alice'], 200, '{"state":"-1"}',
    'delete without token');

# --- dispatch --------------------------------------------------------------
is_answer('mode=9', [], 200, '0', 'unknown mode');
is_answer('', [], 200, '0', 'no mode');
is_answer('mode=3', [token => $token], 200, '0', 'mode 3 without operating');
is_answer('mode=3&operating=7', [token => $token], 200, '0', 'unknown operating');
is_answer('mode=abc', [], 200, '0', 'non-numeric mode');
is($ug->http('GET', '/nope')->{status}, 404, 'unknown path: 404');
is($ug->http('GET', '/healthz')->{content}, "ok\n", '/healthz');
is($ug->http('GET', '/readyz')->{status}, 200, '/readyz');

# --- throttling ------------------------------------------------------------
$ug->add_user('tom', 'tompw', 'user');
for my $i (1 .. 5) {
	lp('mode=2', [username => 'tom', password => "bad$i"]);
}
is_answer('mode=2', [username => 'tom', password => 'tompw'], 200,
    '{"state":"0"}', 'locked out after 5 failures, right password or not');
is_answer('mode=2', [username => 'alice', password => 'newpw'], 200,
    '{"state":"1"}', 'other users unaffected');
$ug->sql("UPDATE login_failures SET window_start = NOW(3) - INTERVAL 1 HOUR");
is_answer('mode=2', [username => 'tom', password => 'tompw'], 200,
    '{"state":"1"}', 'the cool-down ends');

# --- at rest ---------------------------------------------------------------
is($ug->sql("SELECT COUNT(*) FROM users WHERE password_hash NOT LIKE '\$y\$%'"),
    0, 'every password is a yescrypt hash');
is($ug->sql("SELECT COUNT(*) FROM sessions WHERE LENGTH(token_hash) <> 32"),
    0, 'sessions keep a 32-byte hash only');
is($ug->sql("SELECT COUNT(*) FROM sessions WHERE token_hash = UNHEX('$token')"
    . " OR HEX(token_hash) = UPPER('$token')"), 0,
    'the token itself is not stored');
is($ug->sql("SELECT count FROM users WHERE username = 'root'"), 5,
    'count counts successful mode 2 logins');

# --- an answer sent whole carries its length; a long list streams whole ------
$r = $ug->post('/login.php?mode=3&operating=1', [token => $token]);
is($r->{headers}{'content-length'}, length($r->{content}),
    'a short list is sent whole, with its Content-Length');
$ug->sql("INSERT INTO users (username, password_hash, role_id) "
    . "SELECT CONCAT('bulk', seq), 'x', 10 FROM seq_1_to_2000");
$r = $ug->post('/login.php?mode=3&operating=1', [token => $token]);
is($r->{status}, 200, 'a long list: 200');
ok(length($r->{content}) > 65536 && !defined $r->{headers}{'content-length'},
    'a list of over 64 KiB streams, in pieces');
my $list = eval { JSON::PP->new->decode($r->{content}) };
ok($list, 'a long list is one valid JSON document');
is(scalar @{ $list->{users} || [] },
    $ug->sql('SELECT COUNT(*) FROM users'), 'with every user');
is($list->{users}[-1]{username}, 'bulk2000', 'in id order to the end');

$ug->stop;
done_testing;
