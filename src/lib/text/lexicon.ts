// Chat Vietnamese as citizens type it: the words the normaliser rewrites before matching.
// Everything here is in folded form (lower case, no diacritics, đ → d).

/** Words whose diacritics carry the meaning, rewritten before they are removed ("giả" fake ≠ "giá" price). */
// prettier-ignore
export const PRE_FOLD_MAP: Record<string, string> = { 'giả': 'giamao', 'dởm': 'giamao', 'rởm': 'giamao', 'già': 'caotuoi', 'thuế': 'tienthue', 'lợi': 'tacdung', 'bán': 'banhang', 'thấy': 'nhinthay', 'chậm': 'chamtre' };

/** One chat abbreviation or misspelling → the word(s) it stands for. */
// prettier-ignore
export const ABBREVIATIONS: Record<string, string> = {
  // negation and "được"
  ko: 'khong', k: 'khong', kg: 'khong', kh: 'khong', khg: 'khong', hok: 'khong', hong: 'khong', hk: 'khong',
  hem: 'khong', khum: 'khong', hum: 'khong', khog: 'khong', kp: 'khong phai',
  dc: 'duoc', dk: 'dang ky', dky: 'dang ky', duoc: 'duoc', dduoc: 'duoc', dudoc: 'duoc',
  // question words
  j: 'gi', ji: 'gi', ntn: 'nhu the nao', nhuthenao: 'nhu the nao', sao: 'sao', bn: 'bao nhieu', bnhieu: 'bao nhieu',
  // people, particles
  mn: 'moi nguoi', ng: 'nguoi', ad: 'ad', add: 'ad', admin: 'ad', e: 'em', t: 'toi', tui: 'toi', mik: 'minh', mk: 'mat khau',
  dzay: 'vay_', z: 'vay_', v: 'vay_', zay: 'vay_', nha: 'nha', nhen: 'nha', nhe: 'nha', ak: 'a', ah: 'a', oy: 'roi',
  r: 'roi', rui: 'roi', roai: 'roi', oki: 'ok', oke: 'ok', okie: 'ok', okay: 'ok', okela: 'ok', uk: 'u', uh: 'u', um: 'u',
  tks: 'cam on', thanks: 'cam on', thank: 'cam on', thx: 'cam on', camon: 'cam on',
  // everyday words
  h: 'gio', trc: 'truoc', wa: 'qua', qa: 'qua', ms: 'moi', vs: 'voi', cx: 'cung', bit: 'biet', bik: 'biet', bjk: 'biet',
  nhiu: 'nhieu', lun: 'luon', ik: 'di', zo: 'vao', vo: 'vao', coi: 'xem', xai: 'dung', xaif: 'dung', sd: 'su dung',
  dthoai: 'dien thoai', dt: 'dien thoai', dth: 'dien thoai', dtdd: 'dien thoai', smartphone: 'dien thoai',
  sdt: 'so dien thoai', sodt: 'so dien thoai', stk: 'so tai khoan', tk: 'tai khoan', acc: 'tai khoan',
  pass: 'mat khau', password: 'mat khau', pw: 'mat khau', mkhau: 'mat khau', matkhau: 'mat khau',
  app: 'ung dung', apps: 'ung dung', ud: 'ung dung', web: 'trang web', website: 'trang web', link: 'duong link',
  nh: 'ngan hang', bank: 'ngan hang', ck: 'chuyen khoan', sms: 'tin nhan', tn: 'tin nhan', nt: 'nhan tin', msg: 'tin nhan',
  dom: 'giamao', rom: 'giamao', gd: 'gia dinh', tp: 'thanh pho', hd: 'huong dan', hdan: 'huong dan', hdsd: 'huong dan su dung', free: 'mien phi', fee: 'phi',
  // public-service terms
  cccd: 'can cuoc cong dan', cmnd: 'chung minh nhan dan', cmt: 'chung minh nhan dan',
  dvc: 'dich vu cong', dvcqg: 'dich vu cong quoc gia', tthc: 'thu tuc hanh chinh', hs: 'ho so',
  bhyt: 'bao hiem y te', bh: 'bao hiem', bhxh: 'bao hiem xa hoi', hssk: 'ho so suc khoe', sk: 'suc khoe', sssk: 'so suc khoe',
  lv: 'muc', lvl: 'muc', level: 'muc', md: 'muc', mucdo: 'muc', cap: 'cap',
  vnid: 'vneid', vneld: 'vneid', vnied: 'vneid', veneid: 'vneid', vnei: 'vneid', vneidd: 'vneid', vneit: 'vneid',
  gplx: 'giay phep lai xe', cty: 'cong ty', lltp: 'ly lich tu phap', asxh: 'an sinh xa hoi', tr: 'trieu',
  cb: 'can bo', nv: 'nhan vien', ttdt: 'thanh toan',
  qrcode: 'qr', qrpay: 'qr', vietqr: 'qr', kyc: 'ekyc', ekyc: 'ekyc', sinhtrachoc: 'sinh trac hoc',
};

/**
 * Multi-word phrases folded into one concept token, so "định danh điện tử", "app định danh" and
 * "vneid" meet in the index. Longest phrase wins; applied after ABBREVIATIONS.
 */
// prettier-ignore
export const PHRASES: Record<string, string> = {
  'tai khoan dinh danh dien tu': 'vneid',
  'tai khoan dinh danh': 'vneid',
  'dinh danh dien tu': 'vneid',
  'ung dung dinh danh': 'vneid',
  'dinh danh': 'vneid',
  'vn eid': 'vneid',
  'muc do 2': 'muc2', 'muc 2': 'muc2', 'muc hai': 'muc2', 'muc do hai': 'muc2', 'cap do 2': 'muc2', 'cap 2': 'muc2',
  'muc do 1': 'muc1', 'muc 1': 'muc1', 'muc mot': 'muc1', 'muc do mot': 'muc1', 'cap do 1': 'muc1', 'cap 1': 'muc1',
  'so suc khoe dien tu': 'sosuckhoe', 'so suc khoe': 'sosuckhoe', 'ho so suc khoe dien tu': 'sosuckhoe',
  'ho so suc khoe': 'sosuckhoe', 'so kham benh': 'sosuckhoe',
  'the bao hiem y te': 'bhyt', 'bao hiem y te': 'bhyt', 'the bhyt': 'bhyt', 'the bao hiem': 'bhyt',
  'bao hiem xa hoi': 'bhxh',
  'the can cuoc cong dan': 'cancuoc', 'can cuoc cong dan': 'cancuoc', 'the can cuoc': 'cancuoc', 'can cuoc': 'cancuoc',
  // making, renewing or replacing the card itself, not having one or bringing it along
  'lam can cuoc': 'lamcancuoc cancuoc', 'lam the can cuoc': 'lamcancuoc cancuoc', 'lam can cuoc cong dan': 'lamcancuoc cancuoc',
  'lam the can cuoc cong dan': 'lamcancuoc cancuoc', 'lam lai can cuoc': 'lamcancuoc cancuoc', 'lam lai the can cuoc': 'lamcancuoc cancuoc',
  'cap can cuoc': 'lamcancuoc cancuoc', 'cap the can cuoc': 'lamcancuoc cancuoc', 'cap lai can cuoc': 'lamcancuoc cancuoc',
  'cap lai the can cuoc': 'lamcancuoc cancuoc', 'cap doi can cuoc': 'lamcancuoc cancuoc', 'cap doi the can cuoc': 'lamcancuoc cancuoc',
  'doi can cuoc': 'lamcancuoc cancuoc', 'doi the can cuoc': 'lamcancuoc cancuoc', 'doi can cuoc cong dan': 'lamcancuoc cancuoc',
  'doi the can cuoc cong dan': 'lamcancuoc cancuoc',
  'chung minh nhan dan': 'cmnd', 'chung minh thu': 'cmnd',
  'gan chip': 'chip', 'co chip': 'chip',
  'cong dich vu cong quoc gia': 'dichvucong', 'dich vu cong quoc gia': 'dichvucong', 'cong dich vu cong': 'dichvucong',
  'dich vu cong truc tuyen': 'dichvucong', 'dich vu cong': 'dichvucong',
  'mat khau': 'matkhau', 'mat ma': 'matkhau', 'pass code': 'passcode', 'ma passcode': 'passcode',
  'ma otp': 'otp', 'ma xac thuc': 'otp', 'ma xac nhan': 'otp',
  'so dien thoai': 'sodienthoai', 'so thue bao': 'sodienthoai', 'thue bao': 'sodienthoai', 'sim': 'sim',
  'dien thoai': 'dienthoai', 'may dien thoai': 'dienthoai',
  'chuyen khoan': 'chuyenkhoan', 'chuyen tien': 'chuyenkhoan',
  'ngan hang': 'nganhang', 'vi dien tu': 'vidientu', 'vi viettel money': 'vidientu', 'viettel money': 'vidientu',
  'vnpt money': 'vidientu', 'mobile money': 'vidientu', 'momo': 'vidientu', 'zalopay': 'vidientu', 'zalo pay': 'vidientu',
  'le phi': 'lephi', 'phi le': 'lephi', 'dong le phi': 'thanhtoan lephi', 'nop le phi': 'thanhtoan lephi',
  'tra le phi': 'thanhtoan lephi', 'dong phi': 'thanhtoan lephi', 'nop phi': 'thanhtoan lephi', 'tra phi': 'thanhtoan lephi',
  'the atm': 'thenganhang', 'the ngan hang': 'thenganhang', 'the tin dung': 'thenganhang', 'the visa': 'thenganhang',
  'sinh trac hoc': 'sinhtrachoc', 'khuon mat': 'khuonmat', 'quet mat': 'khuonmat', 'van tay': 'vantay',
  'tin nhan': 'tinnhan',
  'cong an': 'congan',
  'thanh toan': 'thanhtoan', 'tra tien': 'thanhtoan', 'dong tien': 'thanhtoan', 'nop tien': 'thanhtoan',
  'ma qr': 'qr', 'ma quet': 'qr', 'qr code': 'qr', 'quet ma': 'quet qr',
  // a product's barcode is not a payment QR code
  'ma vach': 'mavach', 'quet ma vach': 'quet mavach',
  'lua dao': 'luadao', 'gia mao': 'giamao', 'mao danh': 'giamao', 'gia danh': 'giamao', 'gia lam': 'giamao',
  'ung dung': 'ungdung', 'duong link': 'link', 'duong dan': 'link', 'trang web': 'trangweb',
  'kich hoat': 'kichhoat', 'dang ky': 'dangky', 'dang nhap': 'dangnhap', 'log in': 'dangnhap', 'login': 'dangnhap',
  'ho so': 'hoso', 'thu tuc': 'thutuc', 'truc tuyen': 'online', 'qua mang': 'online', 'tren mang': 'online',
  'hoa don': 'bienlai', 'bien lai': 'bienlai', 'chung tu': 'bienlai',
  'tre em': 'treem', 'con nho': 'treem', 'con cai': 'treem',
  'du lieu ca nhan': 'dulieucanhan', 'thong tin ca nhan': 'dulieucanhan',
  'cong nghe so': 'congnghe', 'chuyen doi so': 'chuyendoiso', 'cong dan so': 'congdanso',
  'khong nhan duoc': 'khongnhan', 'chua nhan duoc': 'khongnhan', 'khong thay': 'khongnhan', 'chua thay': 'khongnhan',
  'khong nhinthay': 'khongnhan', 'chua nhinthay': 'khongnhan', 'van chua nhinthay': 'loi khongnhan',
  'van khong nhinthay': 'loi khongnhan',
  'khong co': 'khongco', 'chua co': 'khongco',
  'bi khoa': 'bikhoa', 'khoa tai khoan': 'bikhoa', 'mo khoa': 'mokhoa',
  'tai khoan': 'taikhoan', 'may tai khoan': 'baonhieu taikhoan', 'nhieu tai khoan': 'baonhieu taikhoan',
  // asking to be walked through a whole procedure: what tells a flow request from a question
  'huong dan': 'huongdan', 'tung buoc': 'huongdan', 'tu dau': 'huongdan', 'bat dau': 'huongdan', 'cac buoc': 'huongdan',
  'may buoc': 'huongdan', 'chi tui': 'huongdan', 'chi toi': 'huongdan', 'chi minh': 'huongdan', 'chi em': 'huongdan',
  'chi giup': 'huongdan', 'chi cach': 'huongdan', 'chi cho': 'huongdan', 'chi voi': 'huongdan', 'chi di': 'huongdan',
  'chi dum': 'huongdan', 'chi gium': 'huongdan', 'chi bac': 'huongdan', 'chi chau': 'huongdan', 'chi con': 'huongdan',
  'chi ba': 'huongdan', 'chi ong': 'huongdan', 'chi me': 'huongdan', 'chi bo': 'huongdan',
  // words that fold into a stop word: "đi chợ" (chợ = cho), "rơi" (= rồi), "mất" (lose)
  'di cho': 'dicho', 'bi roi': 'mat', 'lam roi': 'mat', 'danh roi': 'mat', 'roi mat': 'mat', 'bi mat': 'mat',
  'lam mat': 'mat', 'bi trom': 'mat', 'mat trom': 'mat', 'ma 6 so': 'maso6', 'ma sau so': 'maso6',
  'mien phi': 'mienphi', 'khong mat phi': 'mienphi', 'khong ton phi': 'mienphi',
  // "phạt nguội" (a camera-recorded traffic fine): "nguội" folds into the stop word "người"
  'phat nguoi': 'phatnguoi',
  // what it costs
  'mat phi': 'chiphi', 'ton phi': 'chiphi', 'mat bao nhieu tien': 'chiphi', 'het bao nhieu tien': 'chiphi',
  'ton bao nhieu tien': 'chiphi', 'mat tien': 'chiphi', 'ton tien': 'chiphi', 'bao nhieu tien': 'chiphi',
  'chi phi': 'chiphi', 'tinh phi': 'chiphi', 'thu phi': 'chiphi',
  'chu cua hang': 'nguoiban', 'tap hoa': 'nguoiban', 'ky tu': 'kytu',
  'lai suat': 'laisuat', 'vay tien': 'vaytien', 'vay von': 'vaytien', 'cho vay': 'vaytien', 'khoan vay': 'vaytien',
  // someone reporting that something went wrong: what tells a troubleshooting question from a how-to
  'bi loi': 'loi', 'bao loi': 'loi', 'van bao': 'loi', 'van chua': 'loi', 'bao chua': 'loi', 'khong thanh cong': 'loi',
  'that bai': 'loi', 'van khong': 'loi',
  // words that fold into a pronoun or particle: "bán" (= bạn), "con" (child), "mới" (new)
  'ban hang': 'banhang', 'nguoi ban': 'nguoiban', 'chu quay': 'nguoiban', 'chu sap': 'nguoiban', 'tieu thuong': 'nguoiban',
  'ban rau': 'nguoiban', 'ban ca': 'nguoiban', 'thu tien': 'thutien', 'nhan tien': 'thutien',
  'con toi': 'treem', 'con minh': 'treem', 'con be': 'treem', 'tre con': 'treem', 'day con': 'day treem', 'cho con': 'treem',
  'con em': 'treem', 'con cua': 'treem', 'ngoai cho': 'dicho',
  // "số" (number) would otherwise meet "sổ" (land book); "tải" (download) would vanish as "tại"
  'so do': 'sodo', 'so hong': 'sohong', 'so tai khoan': 'sotaikhoan', 'doi so': 'doi sodienthoai',
  'tai ve': 'taive', 'tai ung dung': 'taive ungdung', 'tai vneid': 'taive vneid', 'tai app': 'taive ungdung',
  // what something is for
  'tac dung': 'tacdung', 'dung de lam gi': 'tacdung', 'de lam gi': 'tacdung', 'loi ich': 'tacdung', 'dung vao viec gi': 'tacdung',
  'kieu gi': 'thenao', 'kieu nao': 'thenao',
  // one meaning, many verbs
  'to giac': 'baocao', 'to cao': 'baocao', 'trinh bao': 'baocao', 'bao cao': 'baocao', 'phan anh': 'baocao',
  'phe duyet': 'duyet', 'ket qua': 'duyet', 'khong ve': 'khongnhan', 'chua ve': 'khongnhan', 'khong toi': 'khongnhan',
  'chua toi': 'khongnhan', 'khong den': 'khongnhan', 'xung la': 'giamao', 'tu xung': 'giamao', 'xung': 'giamao',
  'dem theo': 'mang theo', 'dem': 'mang', 'bao mat': 'baomat', 'ma bao mat': 'passcode', 'xu ly': 'giaiquyet', 'giai quyet': 'giaiquyet', 'tien do': 'tiendo',
  'den dau': 'tiendo', 'toi dau': 'tiendo', 'the nao roi': 'tiendo',
  'lam sao de co': 'huongdan', 'lam the nao de co': 'huongdan', 'lam sao de duoc': 'huongdan',
  'la gi': 'lagi', 'la cai gi': 'lagi', 'nghia la gi': 'lagi', 'la sao': 'lagi',
  'nhu the nao': 'thenao', 'the nao': 'thenao', 'lam sao': 'thenao', 'ra sao': 'thenao',
  'cach nao': 'thenao', 'bang cach nao': 'thenao',
  // question words that tell sibling entries apart: how long, when, where, how old, why, must I
  'bao lau': 'baolau', 'mat bao lau': 'baolau', 'bao nhieu ngay': 'baolau', 'may ngay': 'baolau',
  'bao gio': 'khinao', 'khi nao': 'khinao', 'luc nao': 'khinao',
  'o dau': 'odau', 'cho nao': 'odau', 'noi nao': 'odau', 'o cho nao': 'odau',
  'bao nhieu tuoi': 'dotuoi', 'may tuoi': 'dotuoi', 'do tuoi': 'dotuoi', 'tuoi': 'dotuoi', 'bao nhieu': 'baonhieu',
  'tai sao': 'taisao', 'vi sao': 'taisao', 'sao lai': 'taisao', 'nguyen nhan': 'taisao', 'ly do': 'taisao',
  // how to tell (a fake site, a scam number, whether it went through)
  'lam sao biet': 'nhanbiet', 'sao biet': 'nhanbiet', 'lam the nao biet': 'nhanbiet', 'lam sao de biet': 'nhanbiet',
  'lam the nao de biet': 'nhanbiet', 'lam sao nhan biet': 'nhanbiet', 'cach nao de biet': 'nhanbiet',
  // time already waited: someone asking where their application is
  'lau roi': 'chodoi', 'tuan truoc': 'chodoi', 'thang truoc': 'chodoi', 'tuan roi': 'chodoi', 'thang roi': 'chodoi',
  'may ngay roi': 'chodoi', 'may hom roi': 'chodoi', 'may hom nay': 'chodoi', 'hon mot ngay': 'chodoi', 'ca tuan': 'chodoi',
  'ca thang': 'chodoi', 'nua thang': 'chodoi',
  'bat buoc': 'batbuoc', 'co bat buoc': 'batbuoc', 'bi phat': 'phat', 'xu phat': 'phat',
  // validity and time limits
  'het han': 'hethan', 'qua han': 'hethan', 'het hieu luc': 'hethan', 'het han su dung': 'hethan',
  'con han': 'hieuluc', 'con hieu luc': 'hieuluc', 'con gia tri': 'hieuluc', 'thoi han': 'thoihan', 'gia han': 'giahan',
  // a phone that changed: new, other, broken or reset device; the old one
  // a motorbike is not a phone: "xe máy hỏng" must not read as a broken phone
  'xe may': 'xe',
  'may moi': 'maymoi', 'dien thoai moi': 'maymoi', 'thiet bi moi': 'maymoi', 'doi may': 'maymoi',
  'doi dien thoai': 'maymoi', 'may khac': 'maymoi', 'dien thoai khac': 'maymoi', 'thiet bi khac': 'maymoi',
  'dien thoai hu': 'maymoi', 'dien thoai hong': 'maymoi', 'may hu': 'maymoi', 'may hong': 'maymoi',
  'cai dat goc': 'maymoi', 'khoi phuc cai dat': 'maymoi', 'reset': 'maymoi',
  'nhieu thiet bi': 'maymoi', 'nhieu dien thoai': 'maymoi', 'nhieu may': 'maymoi', 'hai may': 'maymoi', '2 may': 'maymoi',
  '2 dien thoai': 'maymoi', '2 thiet bi': 'maymoi', 'mot may': 'maymoi', '1 may': 'maymoi', 'mot thiet bi': 'maymoi',
  'may cu': 'maycu', 'dien thoai cu': 'maycu', 'thiet bi cu': 'maycu',
  // forgetting, not sending
  'khong nho': 'quen', 'chua nho': 'quen', 'khong gui': 'khongnhan', 'chua gui': 'khongnhan',
  // there is no level 3: asking about one is asking about the levels
  'muc 3': 'muc1 muc2', 'muc do 3': 'muc1 muc2', 'cap do 3': 'muc1 muc2', 'muc ba': 'muc1 muc2', 'muc 4': 'muc1 muc2',
  // people who serve the public, places that do
  'can bo': 'canbo', 'nhan vien': 'canbo', 'chien si': 'canbo', 'mot cua': 'motcua', 'bo phan mot cua': 'motcua',
  'tong dai': 'tongdai', 'duong day nong': 'tongdai',
  'bang lai xe': 'banglai', 'bang lai': 'banglai', 'giay phep lai xe': 'banglai',
  // residence, records, social security, organisations
  'thong bao luu tru': 'luutru', 'khai bao luu tru': 'luutru', 'luu tru': 'luutru', 'tam tru': 'tamtru',
  'thuong tru': 'thuongtru', 'tam vang': 'tamvang', 'cu tru': 'cutru', 'ho khau': 'hokhau',
  'thue tro': 'thuetro', 'phong tro': 'thuetro', 'nha tro': 'thuetro', 'o tro': 'thuetro', 'thue nha': 'thuetro',
  'ly lich tu phap': 'lylich', 'phieu ly lich': 'lylich', 'ly lich': 'lylich',
  'an sinh xa hoi': 'ansinh', 'an sinh': 'ansinh', 'tro cap': 'trocap',
  'doanh nghiep': 'tochuc', 'cong ty': 'tochuc', 'to chuc': 'tochuc', 'co quan': 'tochuc',
  // "không X được": X failed, which is what tells a troubleshooting entry from a how-to
  'khong kich hoat duoc': 'kichhoat loi', 'chua kich hoat duoc': 'kichhoat loi', 'khong dang nhap duoc': 'dangnhap loi',
  'khong vao duoc': 'dangnhap loi', 'khong dang ky duoc': 'dangky loi', 'khong quet duoc': 'quet loi',
  'khong thanh toan duoc': 'thanhtoan loi', 'khong mo duoc': 'mo loi', 'khong chuyen duoc': 'chuyenkhoan loi',
  'khong den duoc': 'loi', 'khong qua duoc': 'loi', 'khong sang duoc': 'loi', 'khong tiep tuc duoc': 'loi',
  // pressing a button, said as "ấn" or "nhấn"
  'an vao': 'bam', 'nhan vao': 'bam',
  'ma qr code': 'qr', 'nguoi dung': 'nguoidung', 'tiem chung': 'tiemchung', 'tiem': 'tiemchung', 'vaccine': 'tiemchung',
  'vac xin': 'tiemchung', 'mui tiem': 'tiemchung',
  'thay the': 'thaythe', 'thiet bi': 'dienthoai', 'su dung': 'dung',
  // asking who the bot is: every word of it is a stop word on its own
  'ban la ai': 'trolynay', 'em la ai': 'trolynay', 'bot la ai': 'trolynay', 'ban la gi': 'trolynay',
  'ban ten gi': 'trolynay', 'ban ten la gi': 'trolynay', 'tro ly nay': 'trolynay', 'bot nay': 'trolynay',
  // going to the doctor, said many ways
  'kham benh': 'kham', 'di kham': 'kham', 'di kham benh': 'kham', 'di kham chua benh': 'kham', 'kham chua benh': 'kham', 'benh vien': 'kham', 'di vien': 'kham',
  'tram y te': 'kham', 'co so y te': 'kham', 'phong kham': 'kham',
  // whose name a SIM is registered in: "đứng tên" folds into "dùng tên" (use), so it is joined first
  'dung ten': 'dungten', 'chinh chu': 'dungten', 'dung ten minh': 'dungten',
  // a number that changed: the old one given up or taken back by the network
  'so cu': 'sodienthoai cu', 'sim cu': 'sim cu', 'nha mang': 'nhamang', 'thu hoi': 'thuhoi', 'so moi': 'sodienthoai moi',
  // a new handset, said with "thay"
  'thay dien thoai': 'maymoi', 'thay may': 'maymoi',
  'doc chip': 'nfc', 'quet chip': 'nfc', 'lien ket': 'lienket', 'tich hop': 'tichhop', 'hoc phi': 'hocphi',
  // "lợi" (benefit) is rewritten before folding, apart from "lỗi" (error); what it joins into
  'tacdung ich': 'tacdung', 'quyen tacdung': 'quyenloi', 'tien tacdung': 'tienloi', 'tacdung dung': 'loidung',
  // giving up an old identity card for the chip card is making one
  'doi chung minh nhan dan': 'lamcancuoc cmnd', 'doi chung minh thu': 'lamcancuoc cmnd',
  // having been issued a card is having one, not asking to make one
  'duoc cap can cuoc': 'cancuoc', 'duoc cap the can cuoc': 'cancuoc', 'duoc cap can cuoc cong dan': 'cancuoc',
  'duoc cap the can cuoc cong dan': 'cancuoc',
  // "I already have X, do I still need Y": asking whether Y is required
  'roi ma van can': 'batbuoc', 'roi ma van phai': 'batbuoc', 'roi van can': 'batbuoc', 'roi van phai': 'batbuoc',
  'roi sao van phai': 'taisao batbuoc', 'roi sao van can': 'taisao batbuoc', 'roi con can': 'batbuoc', 'roi con phai': 'batbuoc',
  // shown on screen; "thị" alone would read as "thi" (an exam: "thi bằng lái")
  'hien thi': 'hienthi', 'khong hien': 'hienthi', 'chua hien': 'hienthi', 'khong hien thi': 'hienthi', 'chua hien thi': 'hienthi', 'hien len': 'hienthi', 'hien ra': 'hienthi',
  // "web" and "link" expand to "trang web" and "đường link": typed in full, they must not read twice
  'trang trang web': 'trangweb', 'duong duong link': 'link',
  // the health section of the app ("mục" folds into "mức", a level)
  'muc suc khoe': 'sosuckhoe', 'phan suc khoe': 'sosuckhoe', 'suc khoe dien tu': 'sosuckhoe',
  'sai sot': 'sai', 'sai lech': 'sai', 'khong chinh xac': 'sai',
  // money taken from an account, not a fee ("mất tiền" alone is what something costs)
  'bi mat tien': 'bimattien', 'bi mat sach': 'bimattien', 'bi mat sach tien': 'bimattien', 'bi mat het': 'bimattien',
  'bi mat het tien': 'bimattien', 'mat sach tien': 'bimattien', 'mat sach': 'bimattien', 'mat het tien': 'bimattien',
  'bay sach': 'bimattien', 'boc hoi': 'bimattien', 'bi rut tien': 'bimattien', 'bi rut het': 'bimattien',
  // "bán" (sell) is rewritten before folding, apart from "bạn" (you): selling anything is selling
  'banhang hang': 'banhang', 'nguoi banhang': 'nguoiban', 'nguoi banhang hang': 'nguoiban', 'banhang rau': 'nguoiban', 'banhang ca': 'nguoiban',
  // buying online
  'thuong mai dien tu': 'mua hang online', 'san thuong mai dien tu': 'mua hang online', 'mua sam': 'mua hang',
  'nhan biet': 'nhanbiet', 'dau hieu': 'nhanbiet', 'phan biet': 'nhanbiet',
  // children and screens
  'con trai': 'treem', 'con gai': 'treem', 'dua tre': 'treem', 'dua nho': 'treem',
  'nghien dien thoai': 'nghien dienthoai', 'cam mat vao': 'nghien', 'dan mat vao': 'nghien', 'choi game': 'nghien game',
  // having trouble doing something is reporting that it fails
  'gap kho khan': 'loi', 'kho khan': 'loi',
};
