# The backstage contract (seed 000), a Django admin API, through nginx:
# Django's JsonResponse bytes, the token from every place it may come
# from, every refusal in the original's shapes, one identity with
# login.php, CORS with the token header, and a database outage.
use strict;
use warnings;
use utf8;
use Test::More;
use lib 't/lib';
use UG;
use JSON::PP;
use B;

my $A = 'https://admin.example';
my $ug = UG->new(conf => { cors_origins => $A })->start(how => 'spawn');
$ug->add_user('root', 'rootpw', 'admin');
my $root_id = $ug->sql("SELECT id FROM users WHERE username = 'root'");

my $FAIL = '{"message":"error","flag":-1}';
my $NO_LOGIN = '{"message":"' . esc('您还没有登录，请进行登录进行获取数据信息！') . '"}';
my $NO_RIGHT = '{"message":"' . esc('您没有权限！') . '"}';

# A string as Python's json.dumps writes it (ensure_ascii), unquoted.
sub esc {
	my $s = JSON::PP->new->ascii->allow_nonref->encode($_[0]);
	return substr($s, 1, -1);
}
sub flag0 { '{"flag":0,"message":"' . esc($_[0]) . '"}' }
sub flag1 { '{"flag":1,"message":"' . esc($_[0]) . '"}' }

sub post {
	my ($path, $fields, %opt) = @_;
	return $ug->post($path, $fields, %opt);
}
sub get {
	my ($path, %opt) = @_;
	return $ug->http('GET', $path, %opt);
}
sub tok { return (headers => { token => $_[0] }) }
sub users { $ug->sql('SELECT COUNT(*) FROM users') }

# 1 if the decoded value is a JSON number (not a string).
sub is_num {
	my $f = B::svref_2object(\$_[0])->FLAGS;
	return ($f & (B::SVf_IOK | B::SVf_NOK)) && !($f & B::SVf_POK) ? 1 : 0;
}

# --- login_admin ----------------------------------------------------------
my $r = post('/backstage/login_admin/', [username => 'root', password => 'rootpw']);
is($r->{status}, 200, 'login: 200');
like($r->{content}, qr/^\{"message":"success","flag":1,"code":0,"token":"[0-9a-f]{32}","username":"root","id":$root_id\}$/,
    'login: the seed\'s keys, in its order, as Django writes them');
is($r->{headers}{'content-type'}, 'application/json', 'JsonResponse type');
my $j = decode_json($r->{content});
ok(is_num($j->{flag}) && is_num($j->{code}) && is_num($j->{id}),
    'flag, code and id are numbers');
ok(!is_num($j->{token}) && !is_num($j->{username}), 'token, username strings');
my $tok = $j->{token};
like($r->{headers}{'set-cookie'} // '', qr/^usergate_session=$tok; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict/,
    'the session cookie, as Django\'s session set one');
is($ug->sql("SELECT count FROM users WHERE id = $root_id"), 1,
    'login_admin counts the login');
$r = post('/backstage/login_admin', [username => 'root', password => 'rootpw'],
    enc => 'urlencoded');
like($r->{content}, qr/"flag":1,"code":0/, 'no trailing slash, urlencoded');
$r = post('/backstage/login_admin/', [username => 'root', password => 'rootpw'],
    enc => 'json');
like($r->{content}, qr/"flag":1,"code":0/, 'a JSON body');

$ug->add_user('uadmin', 'uadminpw', 'user_admin');
$ug->add_user('gen', 'genpw', 'user');
for my $c (
    [ [username => 'root', password => 'wrong'], 'wrong password' ],
    [ [username => 'nobody', password => 'x'], 'unknown user' ],
    [ [username => 'uadmin', password => 'uadminpw'], 'an admin (stat 1)' ],
    [ [username => 'gen', password => 'genpw'], 'a general user (stat 0)' ],
    [ [username => 'root', password => ''], 'empty password' ],
    [ [username => 'root'], 'no password' ],
    [ [], 'no fields' ]) {
	$r = post('/backstage/login_admin/', $c->[0]);
	is($r->{content}, $FAIL,"login refused: $c->[1]");
	is($r->{status}, 200,"login refused: $c->[1]: 200");
}
$r = $ug->http('POST', '/backstage/login_admin/', content => '{"username":',
    headers => { 'Content-Type' => 'application/json' });
is($r->{content}, $FAIL, 'login refused: a malformed body');
$r = get('/backstage/login_admin/');
is($r->{status}, 405, 'login by GET: 405');
is($r->{headers}{allow}, 'POST', 'Allow: POST');
$ug->add_user('boss', 'bosspw', 'admin');
post('/backstage/login_admin/', [username => 'boss', password => "bad$_"])
    for 1 .. 5;
is(post('/backstage/login_admin/', [username => 'boss', password => 'bosspw'])
    ->{content}, $FAIL, 'login refused: throttled, right password or not');
$ug->sql("UPDATE login_failures SET window_start = NOW(3) - INTERVAL 1 HOUR");
like(post('/backstage/login_admin/', [username => 'boss', password => 'bosspw'])
    ->{content}, qr/"flag":1/, 'the cool-down ends');

# --- admin_add_user_info ----------------------------------------------------
my $n = users();
$r = post('/backstage/admin_add_user_info/', [username => 'alice',
    password => 'alicepw', ipconfig => '47.107.174.18', stat => 0], tok($tok));
is($r->{content}, flag1('创建成功'), 'add: the seed\'s body');
is($r->{status}, 200, 'add: 200');
is(post('/backstage/admin_add_user_info', [username => 'bob',
    password => 'bobpw', ipconfig => '2001:db8::1', stat => 1], tok($tok),
    enc => 'urlencoded')->{content}, flag1('创建成功'),
    'add: no trailing slash, urlencoded, IPv6, stat 1');
is(post('/backstage/admin_add_user_info/', [username => 'carol',
    password => 'carolpw', stat => 0], tok($tok), enc => 'json')->{content},
    flag1('创建成功'), 'add: JSON with stat a number, no ipconfig');
is($ug->sql("SELECT role_id FROM users WHERE username = 'bob'"), 6,
    'stat 1 is a user admin');
is($ug->sql("SELECT role_id FROM users WHERE username = 'alice'"), 10,
    'stat 0 is a general user');
is($ug->sql("SELECT IFNULL(ipconfig, 'NULL') FROM users WHERE username = 'carol'"),
    'NULL', 'no ipconfig: none');
$n = users();
for my $c (
    [ [username => 'ALICE', password => 'x', stat => 0], '用户名已存在',
      'a duplicate name, other case' ],
    [ [username => 'dan', password => '', stat => 0], 'password 不能为空',
      'an empty password' ],
    [ [username => 'dan', stat => 0], 'password 必须填写', 'no password' ],
    [ [password => 'x', stat => 0], 'username 必须填写', 'no username' ],
    [ [username => 'dan', password => 'x', stat => 3], 'stat 必须是 0、1 或 2',
      'stat 3' ],
    [ [username => 'dan', password => 'x', stat => 'admin'],
      'stat 必须是 0、1 或 2', 'stat not a number' ],
    [ [username => 'dan', password => 'x', stat => -1],
      'stat 必须是 0、1 或 2', 'stat -1' ],
    [ [username => 'dan', password => 'x', ipconfig => '999.1.1.1'],
      'ipconfig 不是有效的 IPv4 或 IPv6 地址', 'a bad ipconfig' ],
    [ [username => 'dan', password => 'x', ipconfig => 'localhost'],
      'ipconfig 不是有效的 IPv4 或 IPv6 地址', 'a host name is no address' ],
    [ [username => 'd' x 65, password => 'x'], 'username 太长',
      'a too-long username' ],
    [ [username => 'dan', password => 'x', ipconfig => '1' x 65],
      'ipconfig 太长', 'a too-long ipconfig' ],
    [ [username => 'dan', password => 'p' x 512], 'password 太长',
      'a too-long password' ],
    [ [username => 'dan', password => 'x', ipconfig => '1' x 9000],
      '请求超出限制', 'a field past max_field_len' ],
    [ [username => "d\x{7}n", password => 'x'], 'username 含有无效字符',
      'a control character in the name' ]) {
	$r = post('/backstage/admin_add_user_info/', $c->[0], tok($tok));
	is($r->{content}, flag0($c->[1]),"add refused: $c->[2]");
	is($r->{status}, 200,"add refused: $c->[2]: 200");
}
$r = $ug->http('POST', '/backstage/admin_add_user_info/', content => '{"username":',
    headers => { 'Content-Type' => 'application/json', token => $tok });
is($r->{content}, flag0('请求格式错误'), 'add refused: a malformed body');
$r = post('/backstage/admin_add_user_info/', [username => 'dan', password => 'x',
    username => 'eve'], tok($tok));
is($r->{content}, flag0('请求格式错误'), 'add refused: a repeated field');
is(users(), $n, 'no refused add wrote anything');

# --- who may call -------------------------------------------------------------
is(post('/backstage/admin_add_user_info/', [username => 'dan', password => 'x'])
    ->{content}, $NO_LOGIN, 'no token: not logged in');
is(get('/backstage/get_user_information/')->{content}, $NO_LOGIN,
    'no token on a list: not logged in');
is(get('/backstage/get_user_information/', headers => { username => 'root',
    id => $root_id })->{content}, $NO_LOGIN,
    'username and id headers are no credential');
is(get('/backstage/get_user_information/', tok('0' x 32))->{content}, $NO_RIGHT,
    'an unknown token: no permission');
is(get('/backstage/get_user_information/', tok('garbage'))->{content}, $NO_RIGHT,
    'a malformed token: no permission');
my ($bob_tok) = post('/login.php?mode=2', [username => 'bob', password => 'bobpw'])
    ->{content} =~ /"token":"(\w{32})"/;
ok($bob_tok, 'bob (stat 1) has a token from login.php');
is(get('/backstage/get_user_information/', tok($bob_tok))->{content}, $NO_RIGHT,
    'an admin\'s token (stat 1): no permission');
is(post('/backstage/admin_add_user_info/', [username => 'dan', password => 'x'],
    tok($bob_tok))->{content}, $NO_RIGHT, 'an admin cannot add');
is(users(), $n, 'nothing written by refused callers');

# --- where the token may come from -------------------------------------------
my $list_re = qr/^\{"data":\[\{"id":/;
like(get('/backstage/get_user_information/', tok($tok))->{content}, $list_re,
    'the token header');
like(get('/backstage/get_user_information/', headers => { token => $tok,
    username => 'nobody', id => 99999 })->{content}, $list_re,
    'username and id headers are ignored');
like(get('/backstage/get_user_information/',
    headers => { Authorization => "Bearer $tok" })->{content}, $list_re,
    'Authorization: Bearer');
like(get('/backstage/get_user_information/',
    headers => { Authorization => $tok })->{content}, $list_re,
    'a bare Authorization');
like(get("/backstage/get_user_information/?token=$tok")->{content}, $list_re,
    'a token field in the query');
is(post('/backstage/admin_add_user_info/', [username => 'dan', password => 'danpw',
    token => $tok])->{content}, flag1('创建成功'), 'a token field in the body');
like(get('/backstage/get_user_information/',
    headers => { Cookie => "usergate_session=$tok" })->{content}, $list_re,
    'the session cookie');
like(get('/backstage/get_user_information/',
    headers => { Cookie => "usergate_session=$tok", Origin => $A })->{content},
    $list_re, 'the session cookie from a listed origin');
is(get('/backstage/get_user_information/',
    headers => { Cookie => "usergate_session=$tok",
    Origin => 'https://evil.example' })->{content}, $NO_LOGIN,
    'the cookie another site\'s page sent is no credential');
like(get('/backstage/get_user_information', tok($tok))->{content}, $list_re,
    'the list without its trailing slash');

# --- the lists ------------------------------------------------------------------
my %id = map { $_ => $ug->sql("SELECT id FROM users WHERE username = '$_'") }
    qw(alice bob carol dan uadmin gen);
$ug->sql("UPDATE users SET created = '2022-11-21 03:18:39.328' WHERE username = 'alice'");
$ug->sql("UPDATE users SET created = '2022-10-21 22:18:35.000' WHERE username = 'bob'");
$ug->sql("UPDATE users SET created = '2022-10-22 08:59:46.5' WHERE username <> 'alice' AND username <> 'bob'");
$ug->sql("DELETE FROM users WHERE username = 'dan'");
sub row {
	my ($name, $ip, $count, $at) = @_;
	return qq({"id":$id{$name},"name":"$name","password":"","ipconfig":)
	    . (defined $ip ? qq("$ip") : 'null')
	    . qq(,"count":$count,"create_at":"$at"});
}
my $all = '{"data":[' . join(',',
    row('uadmin', undef, 0, '2022-10-22T08:59:46.500Z'),
    row('gen', undef, 0, '2022-10-22T08:59:46.500Z'),
    row('alice', '47.107.174.18', 0, '2022-11-21T03:18:39.328Z'),
    row('bob', '2001:db8::1', 1, '2022-10-21T22:18:35Z'),
    row('carol', undef, 0, '2022-10-22T08:59:46.500Z')) . ']}';
$r = get('/backstage/get_user_information/', tok($tok));
is($r->{content}, $all, 'get_user_information: stat 0 and 1 users, in id order, '
    . 'no super admin, create_at with and without milliseconds');
$j = decode_json($r->{content});
ok(is_num($j->{data}[0]{id}) && is_num($j->{data}[0]{count}), 'id and count are numbers');
is($j->{data}[0]{password}, '', 'password is ""');
is(get("/backstage/admin_get_one_user_info/?id=$id{alice}", tok($tok))->{content},
    '{"data":[' . row('alice', '47.107.174.18', 0, '2022-11-21T03:18:39.328Z') . ']}',
    'get_one: one row');
is(get("/backstage/admin_get_one_user_info?id=$id{bob}", tok($tok))->{content},
    '{"data":[' . row('bob', '2001:db8::1', 1, '2022-10-21T22:18:35Z') . ']}',
    'get_one without the trailing slash');
is(get("/backstage/admin_get_one_user_info/?id=$root_id", tok($tok))->{content},
    '{"data":[]}', 'get_one of a super admin: none');
is(get('/backstage/admin_get_one_user_info/?id=99999', tok($tok))->{content},
    '{"data":[]}', 'get_one of an unknown id: none');
is(get('/backstage/admin_get_one_user_info/?id=abc', tok($tok))->{content},
    flag0('id 必须是数字'), 'get_one of a non-numeric id');
is(get('/backstage/admin_get_one_user_info/', tok($tok))->{content},
    flag0('id 必须填写'), 'get_one without an id');
is($ug->http('POST', '/backstage/get_user_information/')->{status}, 405,
    'the list by POST: 405');

# --- admin_change_user_info ----------------------------------------------------
my ($alice_hash) = $ug->sql("SELECT password_hash FROM users WHERE username = 'alice'");
for my $c (
    [ [id => 'x1', password => 'p'], 'id 必须是数字', 'a non-numeric id' ],
    [ [password => 'p'], 'id 必须填写', 'no id' ],
    [ [id => 99999, password => 'p'], '用户不存在', 'an unknown id' ],
    [ [id => $id{alice}, password => 'p', stat => 5], 'stat 必须是 0、1 或 2',
      'a bad stat' ],
    [ [id => $id{alice}, password => 'p', ipconfig => '1.2.3'],
      'ipconfig 不是有效的 IPv4 或 IPv6 地址', 'a bad ipconfig' ],
    [ [id => $id{alice}, password => 'p', ipconfig => '1' x 65],
      'ipconfig 太长', 'a too-long ipconfig' ],
    [ [id => $root_id, stat => 0], 'stat 不能对自己执行此操作',
      'nobody demotes themselves' ],
    [ [id => $id{alice}, password => 'p' x 512], 'password 太长',
      'a too-long password' ],
    [ [id => $id{alice}, stat => '1x'], 'stat 必须是 0、1 或 2',
      'stat not a number' ]) {
	$r = post('/backstage/admin_change_user_info/', $c->[0], tok($tok));
	is($r->{content}, flag0($c->[1]),"change refused: $c->[2]");
}
is($ug->sql("SELECT password_hash FROM users WHERE username = 'alice'"), $alice_hash,
    'no refused change wrote anything');
is($ug->sql("SELECT ipconfig FROM users WHERE username = 'alice'"), '47.107.174.18',
    'ipconfig unchanged');

# One identity: a password changed here stops the old one on login.php and
# revokes the user's sessions.
is(get('/backstage/get_user_information/', tok($bob_tok))->{content}, $NO_RIGHT,
    'bob\'s token is live (but no super admin\'s)');
is(post('/backstage/admin_change_user_info/', [id => $id{bob},
    password => 'bobpw2', ipconfig => '10.0.0.2', stat => 1], tok($tok))->{content},
    flag1('修改成功'), 'change: the seed\'s body');
is(post('/login.php?mode=2', [username => 'bob', password => 'bobpw'])->{content},
    '{"state":"0"}', 'the old password no longer logs in on login.php');
like(post('/login.php?mode=2', [username => 'bob', password => 'bobpw2'])->{content},
    qr/"state":"1","token"/, 'the new one does');
is(post('/login.php?mode=3&operating=1', [token => $bob_tok])->{content}, '{"0"}',
    'bob\'s old session is revoked');
is($ug->sql("SELECT ipconfig FROM users WHERE username = 'bob'"), '10.0.0.2',
    'ipconfig changed');
is(post('/backstage/admin_change_user_info', [id => $id{bob}, password => '',
    ipconfig => '10.0.0.2', stat => 0], tok($tok), enc => 'json')->{content},
    flag1('修改成功'), 'change: an empty password, stat 0, JSON, no slash');
like(post('/login.php?mode=2', [username => 'bob', password => 'bobpw2'])->{content},
    qr/^\{"state":"1"\}$/, 'an empty password left it; stat 0 made bob general');
is(post('/backstage/admin_change_user_info/', [id => $id{bob}, ipconfig => ''],
    tok($tok))->{content}, flag1('修改成功'), 'change: ipconfig "" clears it');
is($ug->sql("SELECT IFNULL(ipconfig, 'NULL') FROM users WHERE username = 'bob'"),
    'NULL', 'no ipconfig now');
$ug->sql("UPDATE users SET role_id = 7 WHERE username = 'uadmin'");
is(post('/backstage/admin_change_user_info/', [id => $id{uadmin}, stat => 1],
    tok($tok))->{content}, flag1('修改成功'), 'change: the stat shown posted back');
is($ug->sql("SELECT role_id FROM users WHERE username = 'uadmin'"), 7,
    'a shop admin (stat 1) stays a shop admin');
is(post('/backstage/admin_change_user_info/', [id => $id{gen}, stat => 2],
    tok($tok))->{content}, flag1('修改成功'), 'change: stat 2');
is($ug->sql("SELECT role_id FROM users WHERE username = 'gen'"), 1,
    'stat 2 is a super admin');
unlike(get('/backstage/get_user_information/', tok($tok))->{content}, qr/"gen"/,
    'and is listed no more');

# --- admin_delete_user_info ----------------------------------------------------
is(get("/backstage/admin_delete_user_info/?id=$id{carol}", tok($tok))->{content},
    flag1('删除成功'), 'delete: the seed\'s body');
is($ug->sql("SELECT COUNT(*) FROM users WHERE username = 'carol'"), 0, 'carol is gone');
is(post('/login.php?mode=2', [username => 'carol', password => 'carolpw'])->{content},
    '{"state":"0"}', 'and cannot log in on login.php');
is(get("/backstage/admin_delete_user_info?id=$id{carol}", tok($tok))->{content},
    flag0('用户不存在'), 'delete of an unknown id (no slash)');
is(get('/backstage/admin_delete_user_info/?id=1x', tok($tok))->{content},
    flag0('id 必须是数字'), 'delete of a non-numeric id');
is(get('/backstage/admin_delete_user_info/', tok($tok))->{content},
    flag0('id 必须填写'), 'delete without an id');
is(get("/backstage/admin_delete_user_info/?id=$root_id", tok($tok))->{content},
    flag0('id 不能对自己执行此操作'), 'nobody deletes themselves');
is(get("/backstage/admin_delete_user_info/?id=$id{alice}", tok($bob_tok))->{content},
    $NO_RIGHT, 'a revoked token deletes nothing');
is($ug->sql("SELECT COUNT(*) FROM users WHERE username = 'alice'"), 1, 'alice stays');
is($ug->http('POST',"/backstage/admin_delete_user_info/?id=$id{alice}",
    headers => { token => $tok })->{status}, 405, 'delete by POST: 405');

# --- one identity with login.php -----------------------------------------------
my ($lp_tok) = post('/login.php?mode=2', [username => 'root', password => 'rootpw'])
    ->{content} =~ /"token":"(\w{32})"/;
like(get('/backstage/get_user_information/', tok($lp_tok))->{content}, $list_re,
    'a token from login.php works here');
is(post('/login.php?mode=3&operating=2', [username => 'frank', password => 'frankpw',
    Authority => 'N', token => $lp_tok])->{content}, '{"state":"1"}',
    'login.php adds a general user');
post('/login.php?mode=2', [username => 'frank', password => 'frankpw']) for 1 .. 2;
my $frank = $ug->sql("SELECT id FROM users WHERE username = 'frank'");
$j = decode_json(get("/backstage/admin_get_one_user_info/?id=$frank", tok($tok))
    ->{content});
is($j->{data}[0]{name}, 'frank', 'listed here (stat 0)');
is($j->{data}[0]{count}, 2, 'count counts its login.php logins');
is(post('/backstage/admin_add_user_info/', [username => 'gina', password => 'ginapw',
    stat => 1], tok($tok))->{content}, flag1('创建成功'), 'add gina here');
like(post('/login.php?mode=2', [username => 'gina', password => 'ginapw'])->{content},
    qr/"state":"1","token"/, 'and she logs in through login.php mode 2');
like(post('/login.php?mode=3&operating=1', [token => $lp_tok])->{content},
    qr/\{"username":"gina","wechat_name":null,"Authority":"Y"\}/,
    'login.php lists her as an admin');
$j = decode_json(get('/backstage/get_user_information/', tok($tok))->{content});
ok(!grep({ $_->{name} =~ /^(root|boss|gen)$/ } @{ $j->{data} }),
    'no super admin is ever listed');

# --- users_stop_run --------------------------------------------------------------
$r = get('/users_stop_run/', tok($tok));
is($r->{content}, '{"info":"' . esc('停止运行') . '"}', 'stop run: the seed\'s body');
is($r->{status}, 200, 'stop run: 200');
ok($ug->sql("SELECT run_stopped IS NOT NULL FROM users WHERE id = $root_id"),
    'the stopped run is recorded');
is($ug->sql("SELECT role_id FROM users WHERE id = $root_id"), 1, 'stat unchanged');
$ug->sql("INSERT INTO sessions (token_hash, user_id, created, expires, last_used) "
    . "SELECT UNHEX(SHA2('" . ('1' x 32) . "', 256)), id, NOW(3),"
    . "NOW(3) + INTERVAL 1 HOUR, NOW(3) FROM users WHERE username = 'alice'");
is(get('/users_stop_run', tok('1' x 32))->{content},
    '{"info":"' . esc('停止运行') . '"}', 'a general user stops its own run (no slash)');
ok($ug->sql("SELECT run_stopped IS NOT NULL FROM users WHERE username = 'alice'"),
    'recorded for alice');
is(get('/users_stop_run/')->{content}, $NO_LOGIN, 'stop run without a token');

# --- CORS with the token header -------------------------------------------------
sub preflight {
	my ($origin) = @_;
	return $ug->http('OPTIONS', '/backstage/get_user_information/', headers => {
	    Origin => $origin, 'Access-Control-Request-Method' => 'GET',
	    'Access-Control-Request-Headers' => 'token, username, id' });
}
$r = preflight($A);
is($r->{status}, 204, 'preflight from a listed origin: 204');
is($r->{headers}{'access-control-allow-origin'}, $A, 'its origin allowed');
is($r->{headers}{'access-control-allow-credentials'}, 'true', 'with credentials');
is($r->{headers}{'access-control-allow-methods'}, 'GET, OPTIONS', 'the path\'s methods');
like($r->{headers}{'access-control-allow-headers'} // '', qr/\btoken\b/,
    'the token header allowed');
$r = preflight('https://evil.example');
ok(!grep(/^access-control-/, keys %{ $r->{headers} }),
    'preflight from an unlisted origin: no CORS header');
$r = get('/backstage/get_user_information/', headers => { Origin => $A,
    token => $tok });
like($r->{content}, $list_re, 'a credentialed request from a listed origin');
is($r->{headers}{'access-control-allow-origin'}, $A, 'its origin allowed');
is($r->{headers}{'access-control-allow-credentials'}, 'true', 'with credentials');
$r = get('/backstage/get_user_information/', headers => {
    Origin => 'https://evil.example', token => $tok });
ok(!grep(/^access-control-/, keys %{ $r->{headers} }),
    'from an unlisted origin: no CORS header');

# --- the database stops and starts again ----------------------------------------
$ug->db->stop;
$r = post('/backstage/login_admin/', [username => 'root', password => 'rootpw']);
is($r->{content}, $FAIL, 'login with the database down: the failure body');
is($r->{status}, 503, 'login with the database down: 503');
$r = get('/backstage/get_user_information/', tok($tok));
is($r->{content}, flag0('服务暂时不可用，请稍后再试'), 'list with the database down');
is($r->{status}, 503, 'list with the database down: 503');
$r = post('/backstage/admin_add_user_info/', [username => 'hal', password => 'x'],
    tok($tok));
is($r->{status}, 503, 'add with the database down: 503');
$ug->db->start;
my $ok = 0;
for (1 .. 6) {
	$ok++ if get('/backstage/get_user_information/', tok($tok))->{content} =~ $list_re;
}
is($ok, 6, 'every worker serves again');
like(post('/backstage/login_admin/', [username => 'root', password => 'rootpw'])
    ->{content}, qr/"flag":1/, 'login after the database returns');
is($ug->sql("SELECT COUNT(*) FROM users WHERE username = 'hal'"), 0,
    'nothing was written during the outage');

$ug->stop;

# --- under a prefix, both families of paths move ---------------------------------
$ug = UG->new(conf => { backstage_prefix => '/legacy' })->start(how => 'spawn');
$ug->add_user('root', 'rootpw', 'admin');
like(post('/legacy/backstage/login_admin/', [username => 'root', password => 'rootpw'])
    ->{content}, qr/"flag":1,"code":0/, 'the login under the prefix');
is(get('/legacy/users_stop_run/')->{content}, $NO_LOGIN, 'stop run under the prefix');
is(post('/backstage/login_admin/', [username => 'root', password => 'rootpw'])
    ->{status}, 404, 'not at the unprefixed path');
is(get('/users_stop_run/')->{status}, 404, 'nor /users_stop_run/');
$ug->stop;
done_testing;
